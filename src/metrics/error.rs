//! Why a metric could not be computed. Every variant names the elements it concerns (node, edge
//! or lane ids) so that the UI can take the user there, and reads in English (`Display`) and in
//! Simplified Chinese (`message_zh`).

use crate::model::Kind;
use serde::Serialize;

/// A computation that cannot be done, and the elements that stop it.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Serialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum MetricsError {
    /// The function was given a document of another kind.
    #[error("These metrics are for a {} diagram, but this is a {} diagram.", expected.as_str(), found.as_str())]
    WrongKind { expected: Kind, found: Kind },
    /// Two nodes share an id, so edges cannot tell them apart.
    #[error("Two nodes have the id {node}.")]
    DuplicateNode { node: String },
    /// An edge names a node that does not exist.
    #[error("Edge {edge} refers to {node}, which is not a node of this diagram.")]
    DanglingEdge { edge: String, node: String },
    /// A number is negative, not finite, or out of its range.
    #[error("The {field} of {element} must be a finite number in its range (not negative).")]
    BadNumber { element: String, field: String },
    /// A swimlane has no start node, so no case ever begins.
    #[error("The diagram has no start node.")]
    NoStart,
    /// A swimlane has no end node, so no case ever finishes.
    #[error("The diagram has no end node.")]
    NoEnd,
    /// Cases that reach these nodes can never reach an end (a dead end, or a loop with no way
    /// out): the expected time is infinite and the Markov system is singular.
    #[error("No end can be reached from {}: a case that gets there never finishes.", list(nodes))]
    NoExit { nodes: Vec<String> },
    /// The probabilities on the ways out of this node are out of 0..1 or do not add up to 1.
    #[error("The probabilities on the ways out of {decision} must each lie in 0..1 and add up to 100 %.")]
    BadProbabilities { decision: String },
    /// A parallel split whose branches do not all meet again at one parallel join.
    #[error("The branches of parallel split {split} do not all meet at one parallel join.")]
    UnmatchedParallel { split: String },
    /// A parallel join that closes no split (it would wait for a branch that never comes).
    #[error("Parallel join {join} does not close a parallel split.")]
    UnmatchedJoin { join: String },
    /// The block opened by a parallel split is entered or re-entered other than through its split
    /// (an edge from outside into a branch or into the join, or a loop back to the split).
    #[error("The parallel block opened at {split} is entered from outside at {element}: branches must start at their split and end at their join.")]
    UnstructuredParallel { split: String, element: String },
    /// A value-stream map without customer demand per day.
    #[error("Customer demand per day is missing (or not above zero): takt time needs it.")]
    MissingDemand,
    /// A value-stream map without available working time per day.
    #[error("Available working time per day is missing (or not above zero): takt time needs it.")]
    MissingAvailableTime,
    /// A value-stream process without a cycle time.
    #[error("Process {process} has no cycle time (C/T).")]
    MissingCycleTime { process: String },
    /// A value-stream inventory with neither a quantity nor days of demand.
    #[error("Inventory {inventory} has neither a quantity nor a number of days.")]
    MissingInventory { inventory: String },
}

fn list(ids: &[String]) -> String {
    ids.join(", ")
}

fn list_zh(ids: &[String]) -> String {
    ids.join("、")
}

fn kind_zh(kind: Kind) -> &'static str {
    match kind {
        Kind::Sipoc => "SIPOC",
        Kind::Swimlane => "泳道图",
        Kind::Vsm => "价值流图",
    }
}

impl MetricsError {
    /// The message in Simplified Chinese.
    pub fn message_zh(&self) -> String {
        use MetricsError::*;
        match self {
            WrongKind { expected, found } => {
                format!("这些指标适用于{},但当前图是{}。", kind_zh(*expected), kind_zh(*found))
            }
            DuplicateNode { node } => format!("有两个节点的编号都是 {node}。"),
            DanglingEdge { edge, node } => format!("连线 {edge} 指向的 {node} 不是本图中的节点。"),
            BadNumber { element, field } => {
                format!("{element} 的 {field} 必须是有效范围内的有限数值(不能为负)。")
            }
            NoStart => "图中没有开始节点。".to_string(),
            NoEnd => "图中没有结束节点。".to_string(),
            NoExit { nodes } => {
                format!("从 {} 无法到达任何结束节点:到达这里的案例永远不会结束。", list_zh(nodes))
            }
            BadProbabilities { decision } => {
                format!("{decision} 各出口的概率必须在 0 到 1 之间,且合计为 100%。")
            }
            UnmatchedParallel { split } => format!("并行分支 {split} 的各分支没有汇合到同一个并行汇合点。"),
            UnmatchedJoin { join } => format!("并行汇合点 {join} 没有对应的并行分支。"),
            UnstructuredParallel { split, element } => {
                format!("由 {split} 开始的并行块在 {element} 处从块外进入:分支必须从其并行分支开始,并在其汇合点结束。")
            }
            MissingDemand => "缺少每日客户需求(或不大于零):计算节拍时间需要它。".to_string(),
            MissingAvailableTime => "缺少每日可用工作时间(或不大于零):计算节拍时间需要它。".to_string(),
            MissingCycleTime { process } => format!("工序 {process} 没有周期时间(C/T)。"),
            MissingInventory { inventory } => format!("库存 {inventory} 既没有数量也没有天数。"),
        }
    }
}
