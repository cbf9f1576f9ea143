//! `no-duplicate-edges`: at most one connector from one node to another.
//!
//! As in bpmnlint's `no-duplicate-sequence-flows`: a second identical connector is invisible
//! under the first, yet doubles a branch in every count (ways out of a decision, ways into a
//! join, transfer times). One finding per pair of nodes, listing all its connectors.

use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "no-duplicate-edges";
pub const SEVERITY: Severity = Severity::Warning;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    // Sorting (from, to, edge) triples groups duplicates in O(e log e) without hashing strings.
    let mut triples: Vec<(usize, usize, usize)> = cx.edges().map(|(e, from, to)| (from, to, e)).collect();
    triples.sort_unstable();

    let mut groups: Vec<&[(usize, usize, usize)]> =
        triples.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)).filter(|group| group.len() > 1).collect();
    // Report in document order of each pair's first connector.
    groups.sort_unstable_by_key(|group| group[0].2);

    for group in groups {
        let (from, to) = (cx.name(group[0].0), cx.name(group[0].1));
        let count = group.len();
        out.push(Finding::new(
            ID,
            SEVERITY,
            group.iter().map(|&(_, _, e)| cx.doc.edges[e].id.clone()).collect(),
            format!("{} is connected to {} {count} times", from.en_cap(), to.en()),
            format!("{}到{}有 {count} 条重复连线", from.zh(), to.zh()),
        ));
    }
}
