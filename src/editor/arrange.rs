//! Align and distribute: where the selected shapes go when they are lined up on one of their
//! edges or centres, or spaced evenly. Pure: positions in, positions out.

use crate::model::Node;

/// Which edge or centre line the shapes are lined up on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Centre,
    Right,
    Top,
    Middle,
    Bottom,
}

/// Along which axis shapes are spaced evenly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Axis {
    Horizontal,
    Vertical,
}

/// New top-left corners that line `nodes` up on the selection's own edge or centre line (the
/// left of the leftmost, the middle of the box around them all, …). Shapes already in place are
/// left out.
pub fn align(nodes: &[&Node], how: Align) -> Vec<(String, f64, f64)> {
    if nodes.len() < 2 {
        return Vec::new();
    }
    let left = nodes.iter().map(|n| n.x).fold(f64::INFINITY, f64::min);
    let right = nodes.iter().map(|n| n.x + n.width()).fold(f64::NEG_INFINITY, f64::max);
    let top = nodes.iter().map(|n| n.y).fold(f64::INFINITY, f64::min);
    let bottom = nodes.iter().map(|n| n.y + n.height()).fold(f64::NEG_INFINITY, f64::max);
    nodes
        .iter()
        .map(|n| {
            let (x, y) = match how {
                Align::Left => (left, n.y),
                Align::Centre => (((left + right) / 2.0 - n.width() / 2.0).round(), n.y),
                Align::Right => (right - n.width(), n.y),
                Align::Top => (n.x, top),
                Align::Middle => (n.x, ((top + bottom) / 2.0 - n.height() / 2.0).round()),
                Align::Bottom => (n.x, bottom - n.height()),
            };
            (n.id.clone(), x, y)
        })
        .filter(|(id, x, y)| nodes.iter().any(|n| n.id == *id && (n.x != *x || n.y != *y)))
        .collect()
}

/// New top-left corners that space `nodes` (three or more) evenly along `axis`: the first and
/// the last (by position) stay, the others move so that the gaps between neighbours are equal.
pub fn distribute(nodes: &[&Node], axis: Axis) -> Vec<(String, f64, f64)> {
    if nodes.len() < 3 {
        return Vec::new();
    }
    let horizontal = axis == Axis::Horizontal;
    let start = |n: &Node| if horizontal { n.x } else { n.y };
    let size = |n: &Node| if horizontal { n.width() } else { n.height() };
    let mut order: Vec<&Node> = nodes.to_vec();
    order.sort_by(|a, b| (start(a) + size(a) / 2.0).total_cmp(&(start(b) + size(b) / 2.0)).then(a.id.cmp(&b.id)));
    let (first, last) = (order[0], order[order.len() - 1]);
    let span = start(last) + size(last) - start(first);
    let used: f64 = order.iter().map(|n| size(n)).sum();
    let gap = (span - used) / (order.len() - 1) as f64;
    let mut at = start(first);
    let mut out = Vec::new();
    for n in &order {
        let place = at.round();
        if place != start(n) {
            out.push(match axis {
                Axis::Horizontal => (n.id.clone(), place, n.y),
                Axis::Vertical => (n.id.clone(), n.x, place),
            });
        }
        at += size(n) + gap;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NodeType;

    fn task(id: &str, x: f64, y: f64, w: f64) -> Node {
        let mut n = Node::new(id, NodeType::Task, "", x, y);
        n.w = w;
        n
    }

    #[test]
    fn lines_shapes_up_on_edges_and_centres() {
        let (a, b) = (task("a", 0.0, 0.0, 120.0), task("b", 200.0, 100.0, 80.0));
        let nodes = [&a, &b];
        assert_eq!(align(&nodes, Align::Left), vec![("b".to_string(), 0.0, 100.0)]);
        assert_eq!(align(&nodes, Align::Right), vec![("a".to_string(), 160.0, 0.0)]);
        assert_eq!(align(&nodes, Align::Centre), vec![("a".to_string(), 80.0, 0.0), ("b".to_string(), 100.0, 100.0)]);
        assert_eq!(align(&nodes, Align::Top), vec![("b".to_string(), 200.0, 0.0)]);
        assert_eq!(align(&nodes, Align::Bottom), vec![("a".to_string(), 0.0, 100.0)]);
        assert_eq!(align(&nodes, Align::Middle), vec![("a".to_string(), 0.0, 50.0), ("b".to_string(), 200.0, 50.0)]);
    }

    #[test]
    fn spaces_shapes_evenly_keeping_the_outer_two() {
        let (a, b, c) = (task("a", 0.0, 0.0, 100.0), task("b", 130.0, 0.0, 100.0), task("c", 400.0, 0.0, 100.0));
        // Span 0..500, shapes 300 wide: gaps of 100.
        assert_eq!(distribute(&[&c, &a, &b], Axis::Horizontal), vec![("b".to_string(), 200.0, 0.0)]);
        assert!(distribute(&[&a, &b], Axis::Horizontal).is_empty());
    }
}
