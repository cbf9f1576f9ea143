//! Every user-visible string of the app in English and Simplified Chinese, looked up by key.
//! One table, so a missing translation is caught by a test rather than seen by a user.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "en" => Some(Lang::En),
            "zh" | "zh-CN" => Some(Lang::Zh),
            _ => None,
        }
    }
}

/// (key, English, 简体中文)
pub static TABLE: &[(&str, &str, &str)] = &[
    // kinds
    ("kind.swimlane", "Swimlane", "泳道图"),
    ("kind.sipoc", "SIPOC", "SIPOC"),
    ("kind.vsm", "Value stream", "价值流图"),
    // node types
    ("type.start", "Start", "开始"),
    ("type.end", "End", "结束"),
    ("type.task", "Task", "任务"),
    ("type.decision", "Decision", "判断"),
    ("type.parallel", "Parallel", "并行"),
    ("type.document", "Document", "文档"),
    ("type.subprocess", "Sub-process", "子流程"),
    ("type.supplier", "Supplier", "供应商"),
    ("type.input", "Input", "输入"),
    ("type.step", "Step", "过程步骤"),
    ("type.output", "Output", "输出"),
    ("type.customer", "Customer", "客户"),
    ("type.process", "Process", "工序"),
    ("type.inventory", "Inventory", "库存"),
    ("type.shipment", "Shipment", "运输"),
    ("type.control", "Production control", "生产控制"),
    ("type.kaizen", "Kaizen burst", "改善点"),
    // toolbar
    ("tb.library", "Documents", "文档库"),
    ("tb.import", "Import", "导入"),
    ("tb.export", "Export", "导出"),
    ("tb.undo", "Undo", "撤销"),
    ("tb.redo", "Redo", "重做"),
    ("tb.zoom_in", "Zoom in", "放大"),
    ("tb.zoom_out", "Zoom out", "缩小"),
    ("tb.fit", "Fit", "适应窗口"),
    ("tb.shortcuts", "Shortcuts", "快捷键"),
    ("tb.language", "中文", "English"),
    ("tb.add_lane", "Add lane", "添加泳道"),
    ("tb.vertical", "Vertical lanes", "纵向泳道"),
    ("tb.saved", "Saved", "已保存"),
    ("tb.saving_failed", "Not saved", "未保存"),
    ("palette.title", "Shapes", "图形"),
    ("palette.hint", "Click or drag onto the canvas", "单击或拖到画布上"),
    (
        "canvas.empty",
        "Add a lane for each role or department, then click or drag shapes from the palette.",
        "先为每个角色或部门添加泳道，再从左侧图形栏单击或拖入图形。",
    ),
    // SIPOC board
    ("sipoc.col.supplier", "Suppliers", "供应商"),
    ("sipoc.col.input", "Inputs", "输入"),
    ("sipoc.col.step", "Process", "过程"),
    ("sipoc.col.output", "Outputs", "输出"),
    ("sipoc.col.customer", "Customers", "客户"),
    ("sipoc.drag", "Drag to reorder", "拖动调整顺序"),
    ("sipoc.unlinked_input", "No supplier provides this input", "此输入没有供应商"),
    ("sipoc.unlinked_output", "This output goes to no customer", "此输出没有客户"),
    (
        "sipoc.hint",
        "Type an item. Enter: next item · Tab / Shift+Tab: next / previous column · ↑ ↓: go up / down · Alt+↑ ↓: move the item · Backspace on an empty item: delete · Esc: leave",
        "直接输入条目。Enter：下一条 · Tab / Shift+Tab：下一列 / 上一列 · ↑ ↓：上下切换 · Alt+↑ ↓：移动条目 · 在空条目上按退格：删除 · Esc：退出",
    ),
    ("sipoc.links.title", "Links", "关联"),
    ("sipoc.links.from", "From", "来自"),
    ("sipoc.links.to", "To", "流向"),
    ("sipoc.links.none", "No items in this column yet.", "此列还没有条目。"),
    ("sipoc.met.title", "Column counts and coverage", "各列数量与覆盖率"),
    ("sipoc.met.inputs_with_supplier", "Inputs with a supplier", "有供应商的输入"),
    ("sipoc.met.outputs_with_customer", "Outputs with a customer", "有客户的输出"),
    ("sipoc.met.steps_with_input", "Steps with an input", "有输入的步骤"),
    ("sipoc.met.steps_with_output", "Steps with an output", "有输出的步骤"),
    // lanes
    ("lane.new", "Lane", "泳道"),
    ("lane.delete", "Delete lane", "删除泳道"),
    ("lane.rename_hint", "Double-click to rename, drag to reorder", "双击重命名，拖动调整顺序"),
    // inspector
    ("insp.title", "Properties", "属性"),
    ("insp.document", "Document", "文档"),
    ("insp.shape", "Shape", "图形"),
    ("insp.connector", "Connector", "连接线"),
    ("insp.selection", "items selected", "项已选中"),
    ("insp.label", "Label", "名称"),
    ("insp.lane", "Lane", "泳道"),
    ("insp.no_lane", "(no lane)", "（无泳道）"),
    ("insp.work", "Execution time", "执行时间"),
    ("insp.wait", "Delay", "延迟时间"),
    ("insp.value", "Value", "价值"),
    ("insp.value.none", "—", "—"),
    ("insp.value.va", "Value-adding (VA)", "增值 (VA)"),
    ("insp.value.bva", "Business value-adding (BVA)", "业务增值 (BVA)"),
    ("insp.value.nva", "Non-value-adding (NVA)", "非增值 (NVA)"),
    ("insp.kcp", "Key control point", "关键控制点"),
    ("insp.system", "System", "系统"),
    ("insp.notes", "Notes", "备注"),
    ("insp.link", "Linked diagram", "链接图"),
    ("insp.probability", "Probability (%)", "概率 (%)"),
    ("insp.transfer", "Transfer time", "传递时间"),
    ("insp.transfer_hint", "empty = default", "留空 = 默认"),
    ("insp.from_to", "From → to", "起点 → 终点"),
    ("insp.doc_title", "Title", "标题"),
    ("insp.time_unit", "Time unit", "时间单位"),
    ("insp.handoff", "Handoff time", "交接时间"),
    ("insp.arrivals", "Arrivals per day", "每日到达数"),
    ("insp.hours_per_day", "Working hours per day", "每日工作小时"),
    ("insp.level", "Level", "层级"),
    ("insp.owner", "Owner", "流程责任人"),
    ("insp.author", "Author", "编制"),
    ("insp.reviewer", "Reviewer", "审核"),
    ("insp.approver", "Approver", "批准"),
    ("insp.revision", "Revision", "版本"),
    ("unit.s", "seconds", "秒"),
    ("unit.min", "minutes", "分钟"),
    ("unit.h", "hours", "小时"),
    ("unit.d", "days", "天"),
    ("insp.open_detail", "Open the detailed diagram ↘", "打开下一级流程图 ↘"),
    ("insp.create_detail", "Detail as a diagram one level down ↘", "展开为下一级流程图 ↘"),
    // comparison
    ("cmp.title", "Compare versions", "版本对比"),
    ("cmp.open", "Compare", "对比"),
    ("cmp.future", "Future state", "未来状态"),
    ("cmp.future_hint", "Copy this diagram as its future state", "复制此图作为未来状态"),
    ("cmp.future_suffix", "(future state)", "（未来状态）"),
    ("cmp.before", "Before", "改进前"),
    ("cmp.after", "After", "改进后"),
    ("cmp.change", "Change", "变化"),
    ("cmp.choose", "Choose the version to compare with.", "请选择要对比的版本。"),
    ("cmp.lead_time", "Lead time (days)", "交付周期（天）"),
    ("cmp.processing", "Processing time (s)", "加工时间（秒）"),
    ("cmp.pce", "Process cycle efficiency", "流程周期效率"),
    ("cmp.inventory_days", "Inventory (days)", "库存（天）"),
    // findings
    ("find.title", "Findings", "检查结果"),
    ("find.none", "No findings: the diagram passes every check.", "没有问题：图已通过全部检查。"),
    ("find.error", "Error", "错误"),
    ("find.warning", "Warning", "警告"),
    ("find.info", "Info", "提示"),
    // metrics
    ("met.title", "Metrics", "指标"),
    ("met.cycle_time", "Expected cycle time", "期望周期时间"),
    ("met.execution", "Execution", "执行"),
    ("met.delay", "Delay", "延迟"),
    ("met.transfer", "Transfer", "传递"),
    ("met.handoffs", "Handoffs", "交接次数"),
    ("met.vae", "Value-added efficiency", "增值效率"),
    ("met.wip", "Work in progress (Little's law)", "在制品（利特尔法则）"),
    ("met.lanes", "Load per lane", "各泳道负荷"),
    ("met.utilisation", "utilisation", "利用率"),
    ("met.pareto", "Where the time goes (Pareto)", "时间分布（帕累托图）"),
    ("met.show_critical", "Critical path: show on the diagram", "关键路径：在图上显示"),
    ("met.unavailable", "Metrics unavailable", "无法计算指标"),
    ("met.cases", "cases", "件"),
    // value-stream maps
    (
        "canvas.empty_vsm",
        "Click the palette: supplier, inventory, process … customer. With a shape selected, the next one is placed after it and connected.",
        "单击左侧图形：供应商、库存、工序……客户。选中一个图形时，新图形会放在它后面并自动连线。",
    ),
    ("vsm.unit_s", "s", "秒"),
    ("vsm.unit_min", "min", "分钟"),
    ("vsm.unit_h", "h", "小时"),
    ("vsm.days", "days", "天"),
    ("vsm.pcs", "pcs", "件"),
    ("vsm.per_day", "per day", "件/天"),
    ("vsm.ct", "C/T", "C/T 周期"),
    ("vsm.co", "C/O", "C/O 换型"),
    ("vsm.uptime", "Uptime", "开机率"),
    ("vsm.operators", "Operators", "操作人数"),
    ("vsm.shifts", "Shifts", "班次"),
    ("vsm.pca", "%C&A", "%C&A 一次合格"),
    ("vsm.bottleneck", "bottleneck", "瓶颈"),
    ("vsm.fifo", "FIFO", "先进先出 FIFO"),
    ("vsm.pull", "PULL", "拉动"),
    ("vsm.takt", "Takt time", "节拍时间"),
    ("vsm.lead_time", "Lead time", "生产周期"),
    ("vsm.processing", "Processing time", "增值时间"),
    ("vsm.pce", "Process cycle efficiency", "流程周期效率"),
    ("vsm.rolled_pca", "Rolled %C&A", "累计 %C&A"),
    ("insp.kaizen_text", "Improvement", "改善内容"),
    ("insp.cycle_time", "Cycle time C/T", "周期时间 C/T"),
    ("insp.changeover", "Changeover C/O", "换型时间 C/O"),
    ("insp.uptime", "Uptime", "开机率"),
    ("insp.pca", "%C&A (complete and accurate)", "%C&A（一次完整准确率）"),
    ("insp.operators", "Operators", "操作人数"),
    ("insp.shifts", "Shifts", "班次"),
    ("insp.quantity", "Quantity", "数量"),
    ("insp.days", "Days of demand", "需求天数"),
    ("insp.quantity_or_days", "Give the quantity or the days: one clears the other.", "填写数量或天数：填写其一会清除另一个。"),
    ("insp.transport_days", "Transport time", "运输时间"),
    ("insp.flow", "Arrow", "箭头类型"),
    ("flow.none", "—", "—"),
    ("flow.push", "Push", "推动"),
    ("flow.pull", "Pull (supermarket)", "拉动（超市）"),
    ("flow.fifo", "FIFO lane", "先进先出通道"),
    ("flow.info", "Information (manual)", "信息流（人工）"),
    ("flow.info_electronic", "Information (electronic)", "信息流（电子）"),
    ("flow.shipment", "Shipment", "运输"),
    ("insp.demand_and_time", "Demand and available time", "客户需求与可用时间"),
    ("insp.demand", "Customer demand", "客户需求"),
    ("insp.shifts_per_day", "Shifts per day", "每日班次"),
    ("insp.hours_per_shift", "Hours per shift", "每班小时"),
    ("insp.breaks", "Breaks per shift", "每班休息"),
    ("insp.available", "Available time per day", "每日可用时间"),
    ("met.bottleneck", "Slowest process", "最慢工序"),
    ("met.bottleneck_over", "Bottleneck: cycle time over takt", "瓶颈：周期时间超过节拍"),
    ("met.inventory_days", "Inventory", "库存天数"),
    ("met.ct_vs_takt", "Cycle time vs takt", "周期时间与节拍对比"),
    // library
    ("lib.title", "Documents", "文档库"),
    ("lib.open", "Open", "打开"),
    ("lib.rename", "Rename", "重命名"),
    ("lib.duplicate", "Duplicate", "复制"),
    ("lib.delete", "Delete", "删除"),
    ("lib.confirm_delete", "Delete this document? This cannot be undone.", "删除此文档？此操作无法撤销。"),
    ("lib.changed", "Last changed", "最后修改"),
    ("lib.kind", "Kind", "类型"),
    ("lib.name", "Title", "标题"),
    ("lib.new_swimlane", "New swimlane", "新建泳道图"),
    ("lib.new_sipoc", "New SIPOC", "新建 SIPOC"),
    ("lib.new_vsm", "New value stream", "新建价值流图"),
    ("lib.untitled", "Untitled process", "未命名流程"),
    ("lib.current", "open", "当前"),
    ("lib.copy_suffix", "(copy)", "（副本）"),
    // messages
    ("msg.import_failed", "Import failed", "导入失败"),
    ("msg.import_kept", "Your current document is unchanged.", "当前文档未作任何更改。"),
    ("msg.imported", "Imported", "已导入"),
    ("msg.storage_failed", "Could not save in this browser", "无法在此浏览器中保存"),
    ("msg.storage_hint", "Export the document to keep your work.", "请导出文档以保留您的工作。"),
    ("msg.conflict", "This document was changed in another tab.", "此文档已在另一个标签页中修改。"),
    (
        "msg.followed",
        "This document was changed in another tab: showing the latest version.",
        "此文档已在另一个标签页中修改：已显示最新版本。",
    ),
    ("msg.conflict_load", "Load their version", "载入对方版本"),
    ("msg.conflict_keep", "Keep mine", "保留我的版本"),
    ("msg.conflict_copy", "Save mine as a copy", "将我的版本另存为副本"),
    ("msg.dismiss", "Dismiss", "关闭"),
    // shortcuts
    ("sc.title", "Keyboard shortcuts", "键盘快捷键"),
    ("sc.undo", "Undo", "撤销"),
    ("sc.redo", "Redo", "重做"),
    ("sc.delete", "Delete selection", "删除所选"),
    ("sc.copy", "Copy", "复制"),
    ("sc.paste", "Paste", "粘贴"),
    ("sc.duplicate", "Duplicate", "创建副本"),
    ("sc.select_all", "Select all", "全选"),
    ("sc.rename", "Rename selected", "重命名所选"),
    ("sc.nudge", "Move selection", "移动所选"),
    ("sc.zoom", "Zoom in / out", "放大 / 缩小"),
    ("sc.fit", "Fit to screen", "适应窗口"),
    ("sc.pan", "Pan", "平移"),
    ("sc.pan_keys", "Drag empty canvas, or Space + drag", "拖动空白画布，或按住空格拖动"),
    ("sc.band", "Select by area", "框选"),
    ("sc.band_keys", "Shift + drag on empty canvas", "按住 Shift 在空白处拖动"),
    ("sc.multi", "Add to selection", "加选"),
    ("sc.multi_keys", "Shift + click", "Shift + 单击"),
    ("sc.connect", "Connect", "连线"),
    ("sc.connect_keys", "Drag from a shape's blue handle", "从图形的蓝色手柄拖出"),
    ("sc.export", "Export the document", "导出文档"),
    ("sc.escape", "Cancel / clear selection", "取消 / 清除选择"),
    ("sc.help", "This list", "显示此列表"),
];

/// The text for `key` in `lang`; the key itself when it is missing (a test keeps the table whole).
pub fn t(lang: Lang, key: &str) -> &str {
    match TABLE.iter().find(|(k, _, _)| *k == key) {
        Some((_, en, zh)) => match lang {
            Lang::En => en,
            Lang::Zh => zh,
        },
        None => key,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_key_is_unique_and_translated() {
        let mut seen = HashSet::new();
        for (k, en, zh) in TABLE {
            assert!(seen.insert(k), "duplicate key {k}");
            assert!(!en.is_empty() && !zh.is_empty(), "{k} lacks a translation");
        }
    }

    #[test]
    fn every_key_used_in_the_ui_is_in_the_table() {
        // Keys appear in the UI source as tr(lang, "key").
        let keys: HashSet<&str> = TABLE.iter().map(|(k, _, _)| *k).collect();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/ui");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            for piece in text.split("tr(lang, \"").skip(1) {
                let key = &piece[..piece.find('"').unwrap()];
                assert!(keys.contains(key), "{} uses missing key {key}", path.display());
            }
        }
    }
}
