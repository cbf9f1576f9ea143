//! One validation rule per file, each named after its kebab-case id (`start-required` lives in
//! `start_required.rs`). A rule exposes `ID`, `SEVERITY` and `check`, reads the document only
//! through the shared `Context`, and pushes findings in document order unless it says otherwise.
//! Which rules run for which kind of diagram is decided by the tables in `validate/mod.rs`.

// Every kind.
pub mod duplicate_id;
pub mod edge_to_missing_node;
pub mod node_type_for_kind;

// Swimlane.
pub mod cannot_reach_end;
pub mod decision_labels;
pub mod decision_needs_two_ways;
pub mod end_required;
pub mod fake_join;
pub mod label_required;
pub mod no_disconnected;
pub mod no_duplicate_edges;
pub mod parallel_split_needs_join;
pub mod probabilities_sum;
pub mod start_required;
pub mod superfluous_gateway;
pub mod task_without_lane;
pub mod unreachable_from_start;

// SIPOC.
pub mod empty_column;
pub mod input_without_supplier;
pub mod output_without_customer;
pub mod sipoc_link_direction;
pub mod step_count;

// Value-stream map.
pub mod cycle_time_over_takt;
pub mod demand_required;
pub mod inventory_without_quantity;
pub mod process_without_cycle_time;
