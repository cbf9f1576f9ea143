//! `probabilities-sum`: the branch probabilities of a decision (or of any shape whose ways out
//! are alternatives) must make sense, because the expected cycle time weighs each branch by them.
//!
//! - Each given probability must lie in [0, 1] (one finding per offending connector).
//! - When every way out has a probability, they must sum to 1 (± `graph::PROBABILITY_TOLERANCE`).
//! - When some are missing, the missing ones share what is left equally, so the given ones must
//!   not exceed 1 (+ the tolerance).
//!
//! The judgement is `graph::branch_probabilities`, the function the metrics use, so a diagram
//! this rule passes is always measured.
//!
//! A decision with no probability at all is fine: its ways are taken equally often. The sum is
//! only judged once every given probability is in range, since a sum of invalid values says
//! nothing more.

use crate::graph::{branch_probabilities, has_alternatives, ProbabilityProblem};
use crate::message::{Arg, Message};
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "probabilities-sum";
pub const SEVERITY: Severity = Severity::Error;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let mut given = Vec::new();
    for d in 0..cx.node_count() {
        let ways = cx.outgoing(d);
        if !has_alternatives(cx.kind(d)) || ways.is_empty() {
            continue;
        }
        given.clear();
        given.extend(ways.iter().map(|way| cx.doc.edges[way.edge()].probability));
        if given.iter().all(Option::is_none) {
            continue;
        }
        let mut in_range = true;
        for (way, p) in ways.iter().zip(&given) {
            let Some(p) = *p else { continue };
            if (0.0..=1.0).contains(&p) {
                continue;
            }
            in_range = false;
            out.push(Finding::new(
                ID,
                SEVERITY,
                vec![cx.doc.edges[way.edge()].id.clone()],
                Message::new(
                    "rule.probabilities-sum.range",
                    vec![Arg::Name(cx.name(d)), Arg::Name(cx.name(way.node())), Arg::Percent(p)],
                ),
            ));
        }
        if !in_range {
            continue;
        }
        let message = match branch_probabilities(&given) {
            Ok(_) | Err(ProbabilityProblem::OutOfRange(_)) => continue,
            Err(ProbabilityProblem::SumNotOne(sum)) => {
                Message::new("rule.probabilities-sum.sum", vec![Arg::Name(cx.name(d)), Arg::Percent(sum)])
            }
            Err(ProbabilityProblem::NothingLeft { sum, missing }) => Message::new(
                "rule.probabilities-sum.nothing-left",
                vec![Arg::Name(cx.name(d)), Arg::Percent(sum), Arg::Count(missing)],
            ),
        };
        let elements = std::iter::once(cx.node(d).id.clone())
            .chain(ways.iter().map(|way| cx.doc.edges[way.edge()].id.clone()))
            .collect();
        out.push(Finding::new(ID, SEVERITY, elements, message));
    }
}
