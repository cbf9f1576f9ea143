//! Why a metric could not be computed. Every variant names the elements it concerns (node, edge
//! or lane ids) so that the UI can take the user there; [`MetricsError::message`] puts it into
//! words, naming the elements by label.

use crate::message::{Arg, Message, Name};
use crate::model::{kind_key, Document, Invalid, Kind};

/// A computation that cannot be done, and the elements that stop it.
#[derive(Debug, Clone, PartialEq)]
pub enum MetricsError {
    /// The function was given a document of another kind.
    WrongKind { expected: Kind, found: Kind },
    /// The document breaks an invariant (`Document::check_invariants`): only a document built
    /// by hand, never one that was loaded or edited, can.
    Invalid(Invalid),
    /// A swimlane has no start node, so no case ever begins.
    NoStart,
    /// A swimlane has no end node, so no case ever finishes.
    NoEnd,
    /// Cases that reach these nodes can never reach an end (a dead end, or a loop with no way
    /// out): the expected time is infinite and the Markov system is singular.
    NoExit { nodes: Vec<String> },
    /// The probabilities on the ways out of this node are out of 0..1 or do not add up to 1.
    BadProbabilities { decision: String },
    /// A parallel split whose branches do not all meet again at one parallel join.
    UnmatchedParallel { split: String },
    /// A parallel join that closes no split (it would wait for a branch that never comes).
    UnmatchedJoin { join: String },
    /// The block opened by a parallel split is entered or re-entered other than through its split
    /// (an edge from outside into a branch or into the join, or a loop back to the split).
    UnstructuredParallel { split: String, element: String },
    /// A value-stream map without customer demand per day.
    MissingDemand,
    /// A value-stream map without available working time per day.
    MissingAvailableTime,
    /// A value-stream process without a cycle time.
    MissingCycleTime { process: String },
    /// A value-stream inventory with neither a quantity nor a number of days.
    MissingInventory { inventory: String },
}

/// How a message names the element `id` of `doc`: a node with its type and label, a connector
/// or lane by label, and by id only when it has no label.
pub(crate) fn name_of(doc: &Document, id: &str) -> Name {
    if let Some(node) = doc.node(id) {
        return Name::node(node);
    }
    if let Some(edge) = doc.edge(id) {
        return Name::bare(&edge.label, id);
    }
    match doc.lane(id) {
        Some(lane) => Name::bare(&lane.name, id),
        None => Name::bare("", id),
    }
}

impl MetricsError {
    /// The elements the error concerns, for the UI to select and show.
    pub fn elements(&self) -> Vec<String> {
        use MetricsError::*;
        match self {
            NoExit { nodes } => nodes.clone(),
            BadProbabilities { decision } => vec![decision.clone()],
            UnmatchedParallel { split } => vec![split.clone()],
            UnmatchedJoin { join } => vec![join.clone()],
            UnstructuredParallel { split, element } => vec![split.clone(), element.clone()],
            MissingCycleTime { process } => vec![process.clone()],
            MissingInventory { inventory } => vec![inventory.clone()],
            _ => Vec::new(),
        }
    }

    /// The error in words, naming the elements of `doc` by label.
    pub fn message(&self, doc: &Document) -> Message {
        use MetricsError::*;
        let name = |id: &String| Arg::Name(name_of(doc, id));
        match self {
            WrongKind { expected, found } => {
                Message::new("met.err.wrong_kind", vec![Arg::Key(kind_key(*expected)), Arg::Key(kind_key(*found))])
            }
            Invalid(invalid) => invalid.message(),
            NoStart => Message::plain("met.err.no_start"),
            NoEnd => Message::plain("met.err.no_end"),
            NoExit { nodes } => {
                // Possibly thousands (a flow cut in two): one index instead of a search each.
                let pos = doc.node_positions();
                let names = nodes
                    .iter()
                    .map(|id| match pos.get(id.as_str()) {
                        Some(&i) => Name::node(&doc.nodes[i]),
                        None => name_of(doc, id),
                    })
                    .collect();
                Message::new("met.err.no_exit", vec![Arg::Names(names)])
            }
            BadProbabilities { decision } => Message::new("met.err.bad_probabilities", vec![name(decision)]),
            UnmatchedParallel { split } => Message::new("met.err.unmatched_parallel", vec![name(split)]),
            UnmatchedJoin { join } => Message::new("met.err.unmatched_join", vec![name(join)]),
            UnstructuredParallel { split, element } => {
                Message::new("met.err.unstructured_parallel", vec![name(split), name(element)])
            }
            MissingDemand => Message::plain("met.err.missing_demand"),
            MissingAvailableTime => Message::plain("met.err.missing_available_time"),
            MissingCycleTime { process } => Message::new("met.err.missing_cycle_time", vec![name(process)]),
            MissingInventory { inventory } => Message::new("met.err.missing_inventory", vec![name(inventory)]),
        }
    }
}
