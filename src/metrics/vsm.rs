//! Value-stream map metrics (Rother and Shook, *Learning to See*): takt time, the timeline
//! ladder of waiting days and processing seconds, lead time, processing time, process cycle
//! efficiency, rolled %C&A and the bottleneck against takt.

use super::MetricsError;
use crate::graph::Graph;
use crate::model::{Document, Kind, NodeType};
use serde::Serialize;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Metrics of a value-stream map. Times in seconds are working seconds; days are days of
/// customer demand (inventory) or calendar days as given (shipments).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VsmMetrics {
    /// Available working seconds per day / customer demand per day.
    pub takt_seconds: f64,
    /// Inventory days + shipment days + processing time in days of available time.
    pub lead_time_days: f64,
    /// Sum of the processes' cycle times.
    pub processing_seconds: f64,
    /// Process cycle efficiency: processing time / lead time (both in seconds of available
    /// time); `None` when the lead time is zero.
    pub pce: Option<f64>,
    /// Product of the processes' %C&A; `None` when no process has one.
    pub rolled_pca: Option<f64>,
    /// Processes without %C&A, left out of `rolled_pca`.
    pub pca_missing: Vec<String>,
    /// The process with the largest cycle time; `None` without processes.
    pub bottleneck: Option<Bottleneck>,
    /// Sum of every inventory's days of demand.
    pub inventory_days_total: f64,
    /// Sum of the `days` given on shipments (transport time).
    pub shipment_days_total: f64,
    /// The timeline ladder along the material flow, supplier to customer.
    pub timeline: Vec<TimelineStep>,
    /// Every process in flow order, for a cycle time versus takt chart.
    pub processes: Vec<ProcessLoad>,
}

/// The slowest process.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bottleneck {
    pub node: String,
    pub label: String,
    /// Seconds.
    pub cycle_time: f64,
    /// Its cycle time exceeds takt: it cannot keep pace with demand.
    pub over_takt: bool,
}

/// One rung of the timeline ladder: the wait before a process (upper step) and the process
/// (lower step). A wait with no process after it (finished goods) has `process: None`; a process
/// with no inventory before it has `inventory: None`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineStep {
    /// Inventory (or shipment with days) node.
    pub inventory: Option<String>,
    pub wait_days: f64,
    /// Process node.
    pub process: Option<String>,
    pub process_seconds: f64,
}

/// A process's cycle time against takt.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProcessLoad {
    pub node: String,
    pub label: String,
    /// Seconds.
    pub cycle_time: f64,
    pub over_takt: bool,
}

fn positive(x: Option<f64>) -> Option<f64> {
    x.filter(|x| x.is_finite() && *x > 0.0)
}

/// Analyses a value-stream map.
pub fn vsm(doc: &Document) -> Result<VsmMetrics, MetricsError> {
    if doc.kind != Kind::Vsm {
        return Err(MetricsError::WrongKind { expected: Kind::Vsm, found: doc.kind });
    }
    doc.check_invariants().map_err(MetricsError::Invalid)?;
    let demand = positive(doc.settings.demand_per_day).ok_or(MetricsError::MissingDemand)?;
    let available = positive(doc.settings.available_seconds_per_day).ok_or(MetricsError::MissingAvailableTime)?;
    let takt = doc.settings.takt_seconds().ok_or(MetricsError::MissingAvailableTime)?;

    let mut timeline = Vec::new();
    let mut processes = Vec::new();
    let mut pending: Vec<(String, f64)> = Vec::new();
    let (mut inventory_days, mut shipment_days, mut processing) = (0.0, 0.0, 0.0);
    let (mut rolled, mut pca_missing) = (None::<f64>, Vec::new());
    let wait_only = |(id, days): (String, f64)| TimelineStep {
        inventory: Some(id),
        wait_days: days,
        process: None,
        process_seconds: 0.0,
    };
    for u in material_order(doc) {
        let node = &doc.nodes[u];
        match node.kind {
            NodeType::Inventory => {
                let days = match (node.days, node.quantity) {
                    (Some(d), _) => d,
                    (None, Some(q)) => q / demand,
                    (None, None) => return Err(MetricsError::MissingInventory { inventory: node.id.clone() }),
                };
                inventory_days += days;
                pending.push((node.id.clone(), days));
            }
            NodeType::Shipment => {
                if let Some(d) = node.days {
                    shipment_days += d;
                    pending.push((node.id.clone(), d));
                }
            }
            NodeType::Process => {
                let ct = node.cycle_time.ok_or_else(|| MetricsError::MissingCycleTime { process: node.id.clone() })?;
                processing += ct;
                match node.pca {
                    Some(p) => rolled = Some(rolled.unwrap_or(1.0) * p),
                    None => pca_missing.push(node.id.clone()),
                }
                // Several waits in a row: all but the last stand alone on the ladder.
                let before = pending.pop();
                timeline.extend(pending.drain(..).map(wait_only));
                let (inventory, wait_days) = before.map_or((None, 0.0), |(id, d)| (Some(id), d));
                timeline.push(TimelineStep {
                    inventory,
                    wait_days,
                    process: Some(node.id.clone()),
                    process_seconds: ct,
                });
                processes.push(ProcessLoad {
                    node: node.id.clone(),
                    label: node.label.clone(),
                    cycle_time: ct,
                    over_takt: ct > takt,
                });
            }
            _ => {}
        }
    }
    timeline.extend(pending.into_iter().map(wait_only));

    // Largest cycle time; the first in flow order on a tie.
    let bottleneck = processes
        .iter()
        .fold(None::<&ProcessLoad>, |best, p| match best {
            Some(b) if b.cycle_time >= p.cycle_time => Some(b),
            _ => Some(p),
        })
        .map(|p| Bottleneck {
            node: p.node.clone(),
            label: p.label.clone(),
            cycle_time: p.cycle_time,
            over_takt: p.over_takt,
        });
    let lead_time_days = inventory_days + shipment_days + processing / available;
    Ok(VsmMetrics {
        takt_seconds: takt,
        lead_time_days,
        processing_seconds: processing,
        pce: (lead_time_days > 0.0).then(|| processing / (lead_time_days * available)),
        rolled_pca: rolled,
        pca_missing,
        bottleneck,
        inventory_days_total: inventory_days,
        shipment_days_total: shipment_days,
        timeline,
        processes,
    })
}

/// Positions of the nodes on the material flow (suppliers, processes, inventories, shipments,
/// customers) in flow order: topological along material edges (push, pull, FIFO, shipment, or
/// unspecified; information arrows do not count), with ties and unconnected nodes ordered by x.
/// Nodes on a material loop, which has no topological order, follow by x.
fn material_order(doc: &Document) -> Vec<usize> {
    let on_flow = |k: NodeType| {
        matches!(
            k,
            NodeType::Supplier | NodeType::Customer | NodeType::Process | NodeType::Inventory | NodeType::Shipment
        )
    };
    let graph = Graph::new(doc);
    let n = doc.nodes.len();
    // Rank by x (then document order) so that the heap pops the leftmost ready node first.
    let by_x = crate::order::by_keys(doc.nodes.iter().map(|node| crate::order::f64_key(node.x)));
    let mut rank = vec![0; n];
    for (r, &u) in by_x.iter().enumerate() {
        rank[u] = r;
    }

    let material = |e: usize| doc.edges[e].flow.is_none_or(|f| f.is_material());
    let mut indegree = vec![0usize; n];
    for (e, u, v) in graph.edges() {
        if material(e) && on_flow(graph.kind(u)) && on_flow(graph.kind(v)) && u != v {
            indegree[v] += 1;
        }
    }
    let mut ready: BinaryHeap<Reverse<usize>> =
        (0..n).filter(|&u| on_flow(doc.nodes[u].kind) && indegree[u] == 0).map(|u| Reverse(rank[u])).collect();
    let mut order = Vec::new();
    let mut placed = vec![false; n];
    while let Some(Reverse(r)) = ready.pop() {
        let u = by_x[r];
        placed[u] = true;
        order.push(u);
        for link in graph.outgoing(u) {
            let v = link.node();
            if !(material(link.edge()) && on_flow(graph.kind(v)) && u != v) {
                continue;
            }
            indegree[v] -= 1;
            if indegree[v] == 0 {
                ready.push(Reverse(rank[v]));
            }
        }
    }
    order.extend(by_x.iter().copied().filter(|&u| on_flow(doc.nodes[u].kind) && !placed[u]));
    order
}
