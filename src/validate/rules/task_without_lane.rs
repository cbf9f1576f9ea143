//! `task-without-lane`: every activity (task, sub-process, document) and decision belongs to
//! an existing lane.
//!
//! The lane is the role or department responsible: a step in no lane has no owner, and its
//! time cannot be charged to anyone's load. A lane id that names no lane (a lane deleted by hand,
//! a bad import) is reported the same way, naming the missing lane.
//!
//! Always a warning, whether or not the document has lanes: the diagram still reads and can be
//! analysed; only the per-lane figures are incomplete.

use crate::message::{Arg, Message};
use crate::model::NodeType;
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "task-without-lane";
pub const SEVERITY: Severity = Severity::Warning;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    // Nodes in document order mostly repeat the lane before them; remembering the last answer
    // saves most id lookups on a large diagram.
    let mut last_known: Option<&str> = None;
    for i in 0..cx.node_count() {
        let kind = cx.kind(i);
        if !(kind.is_activity() || kind == NodeType::Decision) {
            continue;
        }
        let node = cx.node(i);
        let lane = node.lane.as_deref().map(crate::model::trimmed).filter(|l| !l.is_empty());
        if let Some(lane) = lane {
            if last_known == Some(lane) {
                continue;
            }
            if cx.lane_exists(lane) {
                last_known = Some(lane);
                continue;
            }
        }
        let name = Arg::Name(cx.name(i));
        let message = match lane {
            None => Message::new("rule.task-without-lane.none", vec![name]),
            Some(lane) => Message::new("rule.task-without-lane.missing", vec![name, Arg::Text(lane.to_string())]),
        };
        out.push(Finding::new(ID, SEVERITY, vec![node.id.clone()], message));
    }
}
