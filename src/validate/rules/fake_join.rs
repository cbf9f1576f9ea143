//! `fake-join`: an activity (task, sub-process, document) should have at most one way in.
//!
//! As in bpmnlint's `fake-join`: several connectors into an activity leave the reader to guess
//! whether it waits for all of them (a parallel join) or starts on each (an exclusive merge).
//! An explicit gateway says which. A warning, since a rework loop drawn straight back into a
//! task is common and usually means an exclusive merge.

use crate::message::{Arg, Message};
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "fake-join";
pub const SEVERITY: Severity = Severity::Warning;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    for i in 0..cx.node_count() {
        let ways_in = cx.incoming(i).len();
        if ways_in > 1 && cx.kind(i).is_activity() {
            out.push(Finding::new(
                ID,
                SEVERITY,
                vec![cx.node(i).id.clone()],
                Message::new("rule.fake-join", vec![Arg::Name(cx.name(i)), Arg::Count(ways_in)]),
            ));
        }
    }
}
