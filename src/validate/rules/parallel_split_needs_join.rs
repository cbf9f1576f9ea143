//! `parallel-split-needs-join`: the branches of a parallel split must meet again at a parallel
//! join (a parallel node with two or more ways in).
//!
//! Work split in parallel is only finished when every branch is; without a join, the flow
//! downstream runs once per branch and the parallel block's time (its longest branch) cannot be
//! computed. The node where the branches first meet is the split's immediate post-dominator:
//! every path from the split to an end passes through it. It is read from the post-dominator
//! tree (dominators of the reversed flow, rooted at a virtual sink after all ends; see
//! `Context::post_dominators`).
//! If that node is not a parallel join (a decision, a task, an end), the split is reported with
//! that wrong merge node; if the branches only meet beyond the ends, the split alone.
//!
//! A split with a branch that never reaches an end is left to `cannot-reach-end`: judging the
//! meeting point without that branch would blame the wrong node.

use crate::graph::Meet;
use crate::message::{Arg, Message};
use crate::model::NodeType;
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "parallel-split-needs-join";
pub const SEVERITY: Severity = Severity::Error;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let splits: Vec<usize> = cx.nodes_of(NodeType::Parallel).filter(|&p| cx.outgoing(p).len() >= 2).collect();
    if splits.is_empty() {
        return;
    }
    let reaches_end = cx.reaches_end();
    let post_dominators = cx.post_dominators();

    for split in splits {
        if !cx.outgoing(split).iter().all(|way| reaches_end[way.node()]) {
            continue;
        }
        let split_id = cx.node(split).id.clone();
        match post_dominators.immediate(split) {
            // No end reachable at all: `cannot-reach-end` reports it.
            None => {}
            Some(Meet::Node(join)) if is_parallel_join(cx, join) => {}
            Some(Meet::Node(merge)) => {
                out.push(Finding::new(
                    ID,
                    SEVERITY,
                    vec![split_id, cx.node(merge).id.clone()],
                    Message::new(
                        "rule.parallel-split-needs-join.merge",
                        vec![Arg::Name(cx.name(split)), Arg::Name(cx.name(merge))],
                    ),
                ));
            }
            Some(Meet::Nowhere) => {
                out.push(Finding::new(
                    ID,
                    SEVERITY,
                    vec![split_id],
                    Message::new("rule.parallel-split-needs-join.never", vec![Arg::Name(cx.name(split))]),
                ));
            }
        }
    }
}

fn is_parallel_join(cx: &Context, i: usize) -> bool {
    cx.node(i).kind == NodeType::Parallel && cx.incoming(i).len() >= 2
}
