//! `probabilities-sum`: the branch probabilities of a decision must make sense, because the
//! expected cycle time weighs each branch by them.
//!
//! - Each given probability must lie in [0, 1] (one finding per offending connector).
//! - When every way out has a probability, they must sum to 1 (± `TOLERANCE`).
//! - When some are missing, the missing ones share what is left equally, so the given ones must
//!   not exceed 1 (+ `TOLERANCE`).
//!
//! A decision with no probability at all is fine: its ways are taken equally often. The sum is
//! only judged once every given probability is in range, since a sum of invalid values says
//! nothing more.

use crate::model::NodeType;
use crate::validate::context::Link;
use crate::validate::text::percent;
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "probabilities-sum";
pub const SEVERITY: Severity = Severity::Error;

/// Slack for probabilities typed as rounded percentages (33.3 % × 3).
pub const TOLERANCE: f64 = 0.001;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    for d in cx.nodes_of(NodeType::Decision) {
        let ways = cx.outgoing(d);
        let probability = |way: &Link| cx.doc.edges[way.edge()].probability;

        let mut in_range = true;
        for way in ways {
            let Some(p) = probability(way) else { continue };
            if (0.0..=1.0).contains(&p) {
                continue;
            }
            in_range = false;
            let (decision, target) = (cx.name(d), cx.name(way.node()));
            out.push(Finding::new(
                ID,
                SEVERITY,
                vec![cx.doc.edges[way.edge()].id.clone()],
                format!(
                    "The way out of {} to {} has probability {}, outside 0–100%",
                    decision.en(),
                    target.en(),
                    percent(p)
                ),
                format!("{}通往{}的出口概率为 {},超出 0–100% 范围", decision.zh(), target.zh(), percent(p)),
            ));
        }
        if !in_range {
            continue;
        }

        let given = ways.iter().filter(|way| probability(way).is_some()).count();
        let sum: f64 = ways.iter().filter_map(probability).sum();
        let missing = ways.len() - given;
        let (en, zh) = if given == 0 {
            continue;
        } else if missing == 0 && (sum - 1.0).abs() > TOLERANCE {
            let decision = cx.name(d);
            (
                format!("The probabilities of the ways out of {} sum to {}, not 100%", decision.en(), percent(sum)),
                format!("{}各出口的概率之和为 {},而不是 100%", decision.zh(), percent(sum)),
            )
        } else if missing > 0 && sum > 1.0 + TOLERANCE {
            let decision = cx.name(d);
            let ways_en = if missing == 1 { "way" } else { "ways" };
            (
                format!(
                    "The given probabilities of the ways out of {} already sum to {}, leaving nothing for the {missing} {ways_en} without one",
                    decision.en(),
                    percent(sum)
                ),
                format!(
                    "{}已给出的出口概率之和为 {},超过 100%,其余 {missing} 个出口分不到概率",
                    decision.zh(),
                    percent(sum)
                ),
            )
        } else {
            continue;
        };
        let elements = std::iter::once(cx.node(d).id.clone())
            .chain(ways.iter().map(|way| cx.doc.edges[way.edge()].id.clone()))
            .collect();
        out.push(Finding::new(ID, SEVERITY, elements, en, zh));
    }
}
