//! Tidy up: a layered layout of a swimlane diagram that respects its lanes.
//!
//! - **Columns.** The flow runs left to right (top to bottom in vertical lanes): each shape goes
//!   one column after the latest of the shapes that lead to it (longest path), leaving out the
//!   connectors that go back (rework loops, found by a depth-first walk from the starts), so
//!   every forward connector runs ahead.
//! - **Lanes.** Each shape stays in its lane, and lanes keep their order; a lane gets as many
//!   rows as it needs where several of its shapes share a column, and its size follows.
//! - **Order.** Shapes sharing a lane and a column are ordered by where the shapes before them
//!   are (barycentres, swept forward and back), which removes most crossings.
//! - Positions are on the grid; the connectors are routed afresh from them.
//!
//! Pure and linear in the size of the diagram (plus the sorts): 1,000 shapes in a few
//! milliseconds.

use crate::editor::layout::{lane_of_node, snap, LANE_HEADER};
use crate::model::{Document, Kind, Lane, Orientation};
use std::collections::HashMap;

/// Gap between columns, along the flow.
const GAP: f64 = 60.0;
/// Space before the first column (after the lane headers).
const LEAD: f64 = 40.0;
/// Gap between rows of one lane, across the flow.
const ROW_GAP: f64 = 40.0;
/// Room between a lane's border and its shapes, across the flow.
const PAD: f64 = 30.0;

/// Where tidying up puts things: the new place of every shape (top-left corner) and the new size
/// of every lane whose size changes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    pub moves: Vec<(String, f64, f64)>,
    pub lanes: Vec<(String, f64)>,
}

/// The tidy layout of a swimlane diagram (other kinds keep their layout: an empty result).
pub fn tidy(doc: &Document) -> Layout {
    if doc.kind != Kind::Swimlane || doc.nodes.is_empty() {
        return Layout::default();
    }
    let n = doc.nodes.len();
    let vertical = doc.settings.orientation == Orientation::Vertical;
    // Size along the flow and across it.
    let along = |i: usize| if vertical { doc.nodes[i].height() } else { doc.nodes[i].width() };
    let across = |i: usize| if vertical { doc.nodes[i].width() } else { doc.nodes[i].height() };

    // The lane of each shape: the one it names, else the one it lies in, else the first.
    let lane_index: HashMap<&str, usize> = doc.lanes.iter().enumerate().map(|(i, l)| (l.id.as_str(), i)).collect();
    let lanes_n = doc.lanes.len().max(1);
    let lane: Vec<usize> = doc
        .nodes
        .iter()
        .map(|node| {
            let named = node.lane.as_deref().and_then(|l| lane_index.get(l).copied());
            named.or_else(|| lane_of_node(doc, node).and_then(|l| lane_index.get(l.as_str()).copied())).unwrap_or(0)
        })
        .collect();

    let Flow { forward, column, order } = flow(doc);
    let columns = column.iter().max().map_or(0, |m| m + 1);

    // Cells: (column, lane) → shapes, ordered by barycentre of their neighbours' rows.
    let mut cells: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for &i in &order {
        cells.entry((column[i], lane[i])).or_default().push(i);
    }
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (a, list) in forward.iter().enumerate() {
        for &b in list {
            preds[b].push(a);
        }
    }
    // A shape's place across the flow, as a number comparable across lanes: lane, then row.
    let mut rank = vec![0.0f64; n];
    let set_ranks = |cells: &HashMap<(usize, usize), Vec<usize>>, rank: &mut Vec<f64>| {
        for (&(_, l), list) in cells {
            for (r, &i) in list.iter().enumerate() {
                rank[i] = l as f64 * 1000.0 + r as f64;
            }
        }
    };
    set_ranks(&cells, &mut rank);
    let mut keys: Vec<(usize, usize)> = cells.keys().copied().collect();
    keys.sort_unstable();
    for sweep in 0..4 {
        let neighbours = if sweep % 2 == 0 { &preds } else { &forward };
        let ordered: Vec<(usize, usize)> =
            if sweep % 2 == 0 { keys.clone() } else { keys.iter().rev().copied().collect() };
        for key in ordered {
            let list = cells.get_mut(&key).expect("cell exists");
            if list.len() < 2 {
                continue;
            }
            let bary = |i: usize| {
                let ns = &neighbours[i];
                if ns.is_empty() {
                    rank[i]
                } else {
                    ns.iter().map(|&j| rank[j]).sum::<f64>() / ns.len() as f64
                }
            };
            let mut scored: Vec<(f64, usize, usize)> = list.iter().enumerate().map(|(k, &i)| (bary(i), k, i)).collect();
            crate::order::sort_by_number(&mut scored, |s| s.0);
            *list = scored.into_iter().map(|(_, _, i)| i).collect();
            for (r, &i) in list.iter().enumerate() {
                rank[i] = key.1 as f64 * 1000.0 + r as f64;
            }
        }
    }

    // Sizes: each column as wide as its widest shape; each lane as many rows as its fullest cell.
    let mut width = vec![0.0f64; columns];
    for i in 0..n {
        width[column[i]] = width[column[i]].max(along(i));
    }
    let mut rows = vec![1usize; lanes_n];
    let mut row_size = vec![0.0f64; lanes_n];
    for (&(_, l), list) in &cells {
        rows[l] = rows[l].max(list.len());
        for &i in list {
            row_size[l] = row_size[l].max(across(i));
        }
    }
    let lane_size: Vec<f64> = (0..lanes_n)
        .map(|l| {
            let content = rows[l] as f64 * row_size[l] + (rows[l] - 1) as f64 * ROW_GAP + 2.0 * PAD;
            // Sized to their content: grown to hold their rows, back to the default otherwise.
            snap(content.max(Lane::DEFAULT_SIZE)).max(content)
        })
        .collect();
    let mut lane_start = vec![0.0f64; lanes_n];
    for l in 1..lanes_n {
        lane_start[l] = lane_start[l - 1] + lane_size[l - 1];
    }
    let mut column_start = vec![LANE_HEADER + LEAD; columns];
    for c in 1..columns {
        column_start[c] = column_start[c - 1] + width[c - 1] + GAP;
    }

    let mut moves = Vec::with_capacity(n);
    let mut keys: Vec<(usize, usize)> = cells.keys().copied().collect();
    keys.sort_unstable();
    for key in keys {
        let (c, l) = key;
        let list = &cells[&key];
        let k = list.len() as f64;
        let block = k * row_size[l] + (k - 1.0) * ROW_GAP;
        let first = lane_start[l] + (lane_size[l] - block) / 2.0;
        for (r, &i) in list.iter().enumerate() {
            let u = snap(column_start[c] + (width[c] - along(i)) / 2.0);
            let v = snap(first + r as f64 * (row_size[l] + ROW_GAP) + (row_size[l] - across(i)) / 2.0);
            let (x, y) = if vertical { (v, u) } else { (u, v) };
            moves.push((doc.nodes[i].id.clone(), x, y));
        }
    }
    let pos = doc.node_positions();
    let positions = crate::order::by_keys(moves.iter().map(|m| pos[m.0.as_str()] as u64));
    let moves = crate::order::apply(moves, &positions);
    let lanes = doc
        .lanes
        .iter()
        .zip(&lane_size)
        .filter(|(lane, &size)| (lane.size() - size).abs() > 0.5)
        .map(|(lane, &size)| (lane.id.clone(), size))
        .collect();
    Layout { moves, lanes }
}

/// The flow of a diagram without the connectors that go back against it (rework loops): each
/// shape's successors, its column (the longest way from a shape nothing leads to, in steps),
/// and an order of the shapes in which every shape comes after those leading to it.
pub(crate) struct Flow {
    pub forward: Vec<Vec<usize>>,
    pub column: Vec<usize>,
    pub order: Vec<usize>,
}

/// The forward flow of `doc` (see [`Flow`]); shapes by their index in `doc.nodes`.
pub(crate) fn flow(doc: &Document) -> Flow {
    let n = doc.nodes.len();
    // The flow graph without connectors that go back.
    let pos: HashMap<&str, usize> = doc.nodes.iter().enumerate().map(|(i, node)| (node.id.as_str(), i)).collect();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indegree = vec![0usize; n];
    for e in doc.edges.iter() {
        if let (Some(&a), Some(&b)) = (pos.get(e.from.as_str()), pos.get(e.to.as_str())) {
            if a != b {
                out[a].push(b);
                indegree[b] += 1;
            }
        }
    }
    let back = back_edges(doc, &out, &indegree);
    let forward: Vec<Vec<usize>> = out
        .iter()
        .enumerate()
        .map(|(a, list)| list.iter().copied().filter(|&b| !back.contains(&(a, b))).collect())
        .collect();

    // Columns: longest path over the forward graph (Kahn's order).
    let mut into = vec![0usize; n];
    for list in &forward {
        for &b in list {
            into[b] += 1;
        }
    }
    let mut column = vec![0usize; n];
    let mut ready: Vec<usize> = (0..n).rev().filter(|&i| into[i] == 0).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(a) = ready.pop() {
        order.push(a);
        for &b in &forward[a] {
            column[b] = column[b].max(column[a] + 1);
            into[b] -= 1;
            if into[b] == 0 {
                ready.push(b);
            }
        }
    }
    Flow { forward, column, order }
}

/// The connectors that go back against the flow: those a depth-first walk from the starts
/// (then from any shape not reached yet, in document order) finds pointing to a shape on its
/// current path.
fn back_edges(doc: &Document, out: &[Vec<usize>], indegree: &[usize]) -> std::collections::HashSet<(usize, usize)> {
    let n = out.len();
    let mut roots: Vec<usize> = (0..n).filter(|&i| doc.nodes[i].kind == crate::model::NodeType::Start).collect();
    roots.extend((0..n).filter(|&i| indegree[i] == 0));
    roots.extend(0..n);
    // 0 = not seen, 1 = on the path, 2 = done.
    let mut state = vec![0u8; n];
    let mut back = std::collections::HashSet::new();
    for root in roots {
        if state[root] != 0 {
            continue;
        }
        // Iterative walk: (shape, next edge to look at).
        let mut stack = vec![(root, 0usize)];
        state[root] = 1;
        while let Some(&mut (a, ref mut k)) = stack.last_mut() {
            if let Some(&b) = out[a].get(*k) {
                *k += 1;
                match state[b] {
                    0 => {
                        state[b] = 1;
                        stack.push((b, 0));
                    }
                    1 => {
                        back.insert((a, b));
                    }
                    _ => {}
                }
            } else {
                state[a] = 2;
                stack.pop();
            }
        }
    }
    back
}
