//! Graph validation of a document: the checks a process reviewer would make (a step no one
//! reaches, a path that never ends, a decision with one way out, a parallel split without its
//! join, an input without a supplier, a value stream without customer demand …).
//!
//! Each rule lives in its own file under `rules/`, named after its kebab-case id, in the manner
//! of bpmnlint. The runner here builds one `Context` per run (id index, node types, adjacency,
//! and lazily computed reachability and post-dominators) and hands it to every rule of the
//! document's kind.
//! Findings are derived data: never saved, always recomputed from the document.
//!
//! Depends only on `model` and petgraph; no browser, storage or UI code.

mod context;
mod rules;

use crate::message::Message;
use crate::model::{Document, Kind};
use serde::ser::SerializeStruct;
use serde::Serialize;

pub(crate) use context::Context;

/// How serious a finding is. Ordered: errors sort first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The diagram is wrong: analysis results would be meaningless.
    Error,
    /// Probably a mistake, or poor modelling practice.
    Warning,
    /// Worth knowing; nothing to fix.
    Info,
}

/// One problem found in a document.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Kebab-case rule id, e.g. `"start-required"`.
    pub rule: &'static str,
    pub severity: Severity,
    /// Ids of the nodes, edges or lanes concerned, so the UI can highlight them. May be empty
    /// when the finding is about the whole diagram (e.g. a diagram with no start).
    pub elements: Vec<String>,
    /// What to tell the user, naming the elements by label (or `[id]` when they have none);
    /// rendered in the user's language.
    pub message: Message,
}

impl Finding {
    pub(crate) fn new(rule: &'static str, severity: Severity, elements: Vec<String>, message: Message) -> Self {
        Finding { rule, severity, elements, message }
    }
}

/// As JSON: the rule, severity and elements, the message's code and arguments, and the
/// message in English.
impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut f = s.serialize_struct("Finding", 6)?;
        f.serialize_field("rule", self.rule)?;
        f.serialize_field("severity", &self.severity)?;
        f.serialize_field("elements", &self.elements)?;
        f.serialize_field("code", self.message.code)?;
        f.serialize_field("args", &self.message.args)?;
        f.serialize_field("message", &self.message.to_string())?;
        f.end()
    }
}

/// A rule as the runner sees it.
struct Rule {
    check: fn(&Context, &mut Vec<Finding>),
}

/// Declares, from one list of rule modules, both the table the runner executes and the id list
/// `rule_ids` returns, so the two can never disagree. The order given is the order findings of
/// equal severity are reported in.
macro_rules! rule_table {
    ($rules:ident, $ids:ident: $($rule:ident),* $(,)?) => {
        const $rules: &[Rule] = &[$(Rule { check: rules::$rule::check }),*];
        const $ids: &[&str] = &[$(rules::$rule::ID),*];
    };
}

rule_table!(SWIMLANE_RULES, SWIMLANE_IDS:
    duplicate_id,
    node_type_for_kind,
    edge_to_missing_node,
    start_required,
    end_required,
    no_disconnected,
    unreachable_from_start,
    cannot_reach_end,
    decision_needs_two_ways,
    probabilities_sum,
    parallel_split_needs_join,
    decision_labels,
    superfluous_gateway,
    fake_join,
    no_duplicate_edges,
    task_without_lane,
    label_required,
);

rule_table!(SIPOC_RULES, SIPOC_IDS:
    duplicate_id,
    node_type_for_kind,
    edge_to_missing_node,
    sipoc_link_direction,
    empty_column,
    input_without_supplier,
    output_without_customer,
    step_count,
);

rule_table!(VSM_RULES, VSM_IDS:
    duplicate_id,
    node_type_for_kind,
    edge_to_missing_node,
    demand_required,
    process_without_cycle_time,
    cycle_time_over_takt,
    inventory_without_quantity,
);

fn rules_for(kind: Kind) -> &'static [Rule] {
    match kind {
        Kind::Swimlane => SWIMLANE_RULES,
        Kind::Sipoc => SIPOC_RULES,
        Kind::Vsm => VSM_RULES,
    }
}

/// The ids of the rules that apply to a diagram of `kind`, in reporting order.
pub fn rule_ids(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Swimlane => SWIMLANE_IDS,
        Kind::Sipoc => SIPOC_IDS,
        Kind::Vsm => VSM_IDS,
    }
}

/// Checks `doc` against every rule of its kind.
///
/// Findings come sorted: errors first, then warnings, then info; within a severity, by rule
/// order (see [`rule_ids`]) and then in the order the rule met the elements (document order,
/// unless the rule says otherwise). Malformed input (dangling edges, duplicate ids, node types
/// of another kind) is reported, never a panic.
///
/// # Complexity
/// O(n + e) for n nodes and e edges, apart from the post-dominator tree that
/// `parallel-split-needs-join` builds when the diagram has a parallel split (near-linear on
/// process diagrams).
pub fn validate(doc: &Document) -> Vec<Finding> {
    let cx = Context::new(doc);
    let mut out = Vec::new();
    for rule in rules_for(doc.kind) {
        (rule.check)(&cx, &mut out);
    }
    // Errors, then warnings, then info, each in rule order and then element order.
    let order = crate::order::by_keys(out.iter().map(|f| f.severity as u64));
    crate::order::apply(out, &order)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_every_kind_then_rule_ids_are_unique_kebab_case() {
        for kind in [Kind::Sipoc, Kind::Swimlane, Kind::Vsm] {
            let ids = rule_ids(kind);
            assert_eq!(ids.len(), rules_for(kind).len());
            for (i, id) in ids.iter().enumerate() {
                assert!(!ids[..i].contains(id), "{id} listed twice for {kind:?}");
                assert!(id.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{id} is not kebab-case");
            }
        }
    }

    #[test]
    fn given_an_empty_swimlane_when_validated_then_start_and_end_are_required() {
        let doc = Document::new(Kind::Swimlane, "");
        let rules: Vec<_> = validate(&doc).iter().map(|f| f.rule).collect();
        assert_eq!(rules, ["start-required", "end-required"]);
    }
}
