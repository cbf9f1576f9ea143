//! `process-without-cycle-time`: every process box needs a cycle time (C/T) of more than 0
//! seconds.
//!
//! C/T is the one number a process box must carry: processing time, the comparison with takt
//! and the bottleneck all come from it.

use crate::model::NodeType;
use crate::validate::text::num;
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "process-without-cycle-time";
pub const SEVERITY: Severity = Severity::Error;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    for p in cx.nodes_of(NodeType::Process) {
        let cycle_time = cx.node(p).cycle_time;
        if cycle_time.is_some_and(|ct| ct > 0.0 && ct.is_finite()) {
            continue;
        }
        let name = cx.name(p);
        let (en, zh) = match cycle_time {
            None => (format!("{} has no cycle time", name.en_cap()), format!("{}没有周期时间", name.zh())),
            Some(ct) => (
                format!("{} has cycle time {} s; it must be more than 0", name.en_cap(), num(ct)),
                format!("{}的周期时间为 {} 秒,必须大于 0", name.zh(), num(ct)),
            ),
        };
        out.push(Finding::new(ID, SEVERITY, vec![cx.node(p).id.clone()], en, zh));
    }
}
