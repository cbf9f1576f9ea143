//! `task-without-lane`: every activity (task, sub-process, document) and decision belongs to
//! an existing lane.
//!
//! The lane is the role or department responsible: a step in no lane has no owner, and its
//! time cannot be charged to anyone's load. A lane id that names no lane (a lane deleted by hand,
//! a bad import) is reported the same way, naming the missing lane.
//!
//! Always a warning, whether or not the document has lanes: the diagram still reads and can be
//! analysed; only the per-lane figures are incomplete.

use crate::model::NodeType;
use crate::validate::text::trim;
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
        let lane = node.lane.as_deref().map(trim).filter(|l| !l.is_empty());
        if let Some(lane) = lane {
            if last_known == Some(lane) {
                continue;
            }
            if cx.lane_exists(lane) {
                last_known = Some(lane);
                continue;
            }
        }
        let name = cx.name(i);
        let (en, zh) = match lane {
            None => (
                format!("{} is in no lane, so no one is responsible for it", name.en_cap()),
                format!("{}不在任何泳道中,没有责任人", name.zh()),
            ),
            Some(lane) => (
                format!("{} is in lane [{lane}], which does not exist", name.en_cap()),
                format!("{}所在的泳道[{lane}]不存在", name.zh()),
            ),
        };
        out.push(Finding::new(ID, SEVERITY, vec![node.id.clone()], en, zh));
    }
}
