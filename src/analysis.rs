//! What the app shows beside a document, derived from it and never saved: the findings of
//! validation, the metrics, the worst severity on each element, and the critical path. One
//! function, [`Analysis::of`], that the app runs after each edit and the native benchmark
//! measures, so that the benchmark covers what users run.

use crate::metrics::{self, Metrics, MetricsError};
use crate::model::Document;
use crate::validate::{self, Finding, Severity};
use std::collections::{HashMap, HashSet};

/// Derived from the document, recomputed when it changes, never saved.
#[derive(Debug, PartialEq)]
pub struct Analysis {
    pub findings: Vec<Finding>,
    pub metrics: Result<Metrics, MetricsError>,
    /// The worst severity found on each element.
    pub markers: HashMap<String, Severity>,
    /// Nodes and edges on the critical path.
    pub critical: HashSet<String>,
}

impl Analysis {
    pub fn of(doc: &Document) -> Self {
        let findings = validate::validate(doc);
        let metrics = metrics::compute(doc);
        let mut markers: HashMap<String, Severity> = HashMap::new();
        for f in &findings {
            for id in &f.elements {
                let s = markers.entry(id.clone()).or_insert(f.severity);
                *s = (*s).min(f.severity);
            }
        }
        let mut critical = HashSet::new();
        if let Ok(Metrics::Swimlane(m)) = &metrics {
            let nodes = &m.critical_path.nodes;
            critical.extend(nodes.iter().cloned());
            let on_path: HashSet<(&str, &str)> = nodes.windows(2).map(|w| (w[0].as_str(), w[1].as_str())).collect();
            critical.extend(
                doc.edges.iter().filter(|e| on_path.contains(&(e.from.as_str(), e.to.as_str()))).map(|e| e.id.clone()),
            );
        }
        Analysis { findings, metrics, markers, critical }
    }
}
