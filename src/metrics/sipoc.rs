//! SIPOC coverage: how many elements each column holds, and how completely the columns are
//! linked (every input from a supplier, every output to a customer, every step fed and
//! producing).

use crate::graph::Graph;
use crate::model::{Document, NodeType};
use serde::Serialize;

/// Counts per column and link coverage of a SIPOC diagram.
///
/// Two elements are linked when an edge joins them, in either direction (a workshop draws
/// arrows both ways). Each share is `None` when its column is empty.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SipocMetrics {
    pub suppliers: usize,
    pub inputs: usize,
    pub steps: usize,
    pub outputs: usize,
    pub customers: usize,
    /// Share of inputs linked to a supplier.
    pub inputs_with_supplier: Option<f64>,
    /// Share of outputs linked to a customer.
    pub outputs_with_customer: Option<f64>,
    /// Share of steps linked to an input.
    pub steps_with_input: Option<f64>,
    /// Share of steps linked to an output.
    pub steps_with_output: Option<f64>,
}

/// Counts and coverage of a SIPOC diagram. Edges naming missing nodes are ignored.
pub fn sipoc(doc: &Document) -> SipocMetrics {
    let graph = Graph::new(doc);
    // Per node: linked to the node type that makes it covered (supplier for an input, customer
    // for an output, input for a step); `second` is a step's link to an output.
    let mut first = vec![false; doc.nodes.len()];
    let mut second = vec![false; doc.nodes.len()];
    for (_, a, b) in graph.edges() {
        for (u, v) in [(a, b), (b, a)] {
            match (doc.nodes[u].kind, doc.nodes[v].kind) {
                (NodeType::Input, NodeType::Supplier)
                | (NodeType::Output, NodeType::Customer)
                | (NodeType::Step, NodeType::Input) => first[u] = true,
                (NodeType::Step, NodeType::Output) => second[u] = true,
                _ => {}
            }
        }
    }
    let count = |kind: NodeType| doc.nodes.iter().filter(|n| n.kind == kind).count();
    let share = |kind: NodeType, flags: &[bool]| {
        let total = count(kind);
        let linked = doc.nodes.iter().zip(flags).filter(|(n, &f)| n.kind == kind && f).count();
        (total > 0).then(|| linked as f64 / total as f64)
    };
    SipocMetrics {
        suppliers: count(NodeType::Supplier),
        inputs: count(NodeType::Input),
        steps: count(NodeType::Step),
        outputs: count(NodeType::Output),
        customers: count(NodeType::Customer),
        inputs_with_supplier: share(NodeType::Input, &first),
        outputs_with_customer: share(NodeType::Output, &first),
        steps_with_input: share(NodeType::Step, &first),
        steps_with_output: share(NodeType::Step, &second),
    }
}
