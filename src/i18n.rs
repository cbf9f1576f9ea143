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
    ("type.parallel", "Parallel gateway", "并行网关"),
    ("type.document", "Document", "单据"),
    ("type.subprocess", "Sub-process", "子流程"),
    ("type.supplier", "Supplier", "供应商"),
    ("type.input", "Input", "输入"),
    ("type.step", "Step", "步骤"),
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
    ("tb.tidy", "Tidy up", "整理布局"),
    ("insp.reset_route", "Reset route (drawn automatically)", "重置路径（自动布线）"),
    ("tb.present", "Present", "演示"),
    ("tb.present_hint", "Show the diagram alone, readable on a projector (P; Esc leaves)", "只显示流程图，适合投影（P 键；Esc 退出）"),
    ("pres.keys", "Esc leave · ←↑→↓ pan · L lanes · N findings · M metrics · F fit", "Esc 退出 · 方向键 平移 · L 泳道 · N 问题 · M 指标 · F 适应屏幕"),
    ("pres.exit", "Leave presentation", "退出演示"),
    ("sc.label_break", "Line break in a label typed in place", "就地编辑名称时换行"),
    ("sc.present", "Presentation mode (Esc leaves)", "演示模式（Esc 退出）"),
    ("sc.present_keys", "P; then L / N step through lanes / findings, M metrics", "P；之后 L / N 逐个查看泳道 / 问题，M 指标"),
    ("arr.align", "Align", "对齐"),
    ("arr.left", "Align left edges", "左对齐"),
    ("arr.centre", "Align centres", "水平居中对齐"),
    ("arr.right", "Align right edges", "右对齐"),
    ("arr.top", "Align top edges", "顶端对齐"),
    ("arr.middle", "Align middles", "垂直居中对齐"),
    ("arr.bottom", "Align bottom edges", "底端对齐"),
    ("arr.distribute", "Distribute", "等距分布"),
    ("arr.horizontal", "Space evenly from left to right", "水平等距分布"),
    ("arr.vertical", "Space evenly from top to bottom", "垂直等距分布"),
    ("tb.tidy_hint", "Lay the shapes out in columns along the flow, each in its lane (Ctrl+Z undoes it)", "按流程方向分列排布图形，各留在自己的泳道中（Ctrl+Z 可撤销）"),
    ("pic.menu", "Picture", "图片"),
    ("pic.svg", "Save as SVG", "保存为 SVG"),
    ("pic.png1", "Save as PNG", "保存为 PNG"),
    ("pic.png2", "Save as PNG, 2× (sharp for slides)", "保存为 PNG（2 倍，适合幻灯片）"),
    ("pic.transparent", "Transparent background", "透明背景"),
    ("pic.print", "Print…", "打印…"),
    ("pic.date", "Date", "日期"),
    ("msg.picture_failed", "The picture could not be saved", "无法保存图片"),
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
    ("insp.inputs", "Inputs", "输入"),
    ("insp.outputs", "Outputs", "输出"),
    ("insp.raci", "Other roles (RACI)", "其他角色（RACI）"),
    ("insp.raci_a", "Accountable: approves, answers for the result", "批准/问责：对结果负责"),
    ("insp.raci_c", "Consulted before or while it is done", "咨询：执行前或执行中征询意见"),
    ("insp.raci_i", "Informed once it is done", "知会：完成后通知"),
    ("insp.author_date", "Prepared on", "编制日期"),
    ("insp.reviewer_date", "Reviewed on", "审核日期"),
    ("insp.approver_date", "Approved on", "批准日期"),
    ("insp.doc_fields_hint", "For the process document. Inputs and outputs: separate items with ;. Terms: one per line, term: meaning. History: one per line, revision | date | author | change.", "用于流程说明书。输入、输出：多项用；分隔。术语：每行一条，术语：定义。修订记录：每行一条，版本 | 日期 | 修订人 | 修订内容。"),
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
    ("insp.lane_name", "Name", "名称"),
    ("insp.capacity", "People in this lane", "人数"),
    ("insp.people", "people", "人"),
    ("insp.capacity_hint", "Utilisation is measured against this many people (empty: 1).", "利用率按此人数计算（留空为 1 人）。"),
    ("insp.lane_shapes", "Shapes in this lane:", "此泳道中的图形："),
    ("insp.time_unit_hint", "Changing the unit converts every time (4 h becomes 240 min).", "更改单位会换算所有时间（4 小时变为 240 分钟）。"),
    ("input.not_a_number", "Not a number: type digits, e.g. 0.5", "不是数字：请输入数字，例如 0.5"),
    ("input.negative", "Must be 0 or more", "必须大于或等于 0"),
    ("input.too_large", "Must be at most", "不能大于"),
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
    ("find.more", "Show more", "显示更多"),
    ("find.group", "{0} of this kind: show or hide them", "此类共 {0} 条：展开或收起"),
    // one short title per rule (the findings list groups by rule)
    ("rule-title.duplicate-id", "Duplicate ids", "重复的编号"),
    ("rule-title.node-type-for-kind", "Shapes of another diagram kind", "不属于本图类型的图形"),
    ("rule-title.edge-to-missing-node", "Connectors to missing shapes", "指向不存在图形的连线"),
    ("rule-title.start-required", "No start", "缺少开始"),
    ("rule-title.end-required", "No end", "缺少结束"),
    ("rule-title.no-disconnected", "Shapes without connectors", "未连接的图形"),
    ("rule-title.unreachable-from-start", "Not reachable from the start", "从开始无法到达"),
    ("rule-title.cannot-reach-end", "Cannot reach an end", "无法到达结束"),
    ("rule-title.decision-needs-two-ways", "Decisions with fewer than two ways out", "出口少于两条的判断"),
    ("rule-title.probabilities-sum", "Branch probabilities not summing to 100 %", "分支概率之和不为 100%"),
    ("rule-title.parallel-split-needs-join", "Parallel splits without a join", "没有汇合的并行分支"),
    ("rule-title.decision-labels", "Unlabelled decision branches", "未标注的判断分支"),
    ("rule-title.superfluous-gateway", "Gateways that do nothing", "多余的网关"),
    ("rule-title.fake-join", "Several ways into one activity", "多条入线直接进入活动"),
    ("rule-title.no-duplicate-edges", "Duplicate connectors", "重复的连线"),
    ("rule-title.task-without-lane", "Shapes outside any lane", "不在任何泳道中的图形"),
    ("rule-title.label-required", "Shapes without a label", "没有名称的图形"),
    ("rule-title.sipoc-link-direction", "Links against the SIPOC order", "违反 SIPOC 顺序的关联"),
    ("rule-title.empty-column", "Empty columns", "空列"),
    ("rule-title.input-without-supplier", "Inputs without a supplier", "没有供应商的输入"),
    ("rule-title.output-without-customer", "Outputs without a customer", "没有客户的输出"),
    ("rule-title.step-count", "Number of steps", "步骤数量"),
    ("rule-title.demand-required", "No customer demand", "缺少客户需求"),
    ("rule-title.process-without-cycle-time", "Processes without a cycle time", "没有周期时间的工序"),
    ("rule-title.cycle-time-over-takt", "Processes slower than takt", "慢于节拍时间的工序"),
    ("rule-title.inventory-without-quantity", "Inventories without a quantity", "没有数量的库存"),
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
    ("vsm.unit_d", "d", "天"),
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
    ("msg.imported", "Imported: {0}", "已导入：{0}"),
    ("msg.export_failed", "Could not export the document", "无法导出文档"),
    ("msg.repaired", "The document was opened with repairs", "文档已修复后打开"),
    ("msg.file_unreadable", "{0} cannot be read: {1}", "无法读取 {0}：{1}"),
    ("msg.storage_failed", "Could not save in this browser", "无法在此浏览器中保存"),
    ("msg.storage_hint", "Export the document to keep your work.", "请导出文档以保留您的工作。"),
    ("msg.conflict", "This tab and another changed the same things:", "此标签页与另一个标签页修改了相同的内容："),
    (
        "msg.followed",
        "Changes saved in another tab were taken in (undo starts again from here).",
        "已合并另一个标签页保存的修改（撤销记录从此处重新开始）。",
    ),
    ("msg.conflict_load", "Use theirs for these", "这些内容采用对方的"),
    ("msg.conflict_keep", "Keep mine for these", "这些内容保留我的"),
    ("msg.conflict_copy", "Save mine as a copy", "将我的版本另存为副本"),
    ("msg.dismiss", "Dismiss", "关闭"),
    ("msg.memory_only", "this browser keeps nothing: the work lives in this page until you export it", "此浏览器无法保存：在导出之前，工作内容只存在于此页面中"),
    ("msg.create_failed", "Could not create the document", "无法创建文档"),
    ("msg.deleted_elsewhere", "This document was deleted in another tab. It stays open here and is stored again when you change it.", "此文档已在另一个标签页中删除。它仍在此处打开，修改后会重新保存。"),
    ("tb.saving", "Saving…", "正在保存…"),
    ("tb.opening", "Opening…", "正在打开…"),
    ("tb.clash", "Not saved: choose", "未保存：请选择"),
    ("lib.export_all", "Export all", "全部导出"),
    ("lib.import_all", "Import all…", "全部导入…"),
    ("lib.aside", "Kept aside (could not be read)", "已单独保存（无法读取）"),
    ("lib.download", "Download", "下载"),
    ("lib.discard", "Discard", "丢弃"),
    ("lib.usage", "Using {0} of {1} this browser allows", "已使用 {0}，此浏览器允许 {1}"),
    ("lib.persisted", "Kept until you delete it", "浏览器不会自动清除"),
    ("lib.not_persisted", "The browser may clear it when space runs low", "空间不足时浏览器可能清除"),
    ("lib.conflict_suffix", "(conflicted copy)", "（冲突副本）"),
    ("aside.title", "Something stored could not be read", "部分已保存的内容无法读取"),
    ("aside.hint", "Each is kept aside unchanged: download it from Documents.", "均已原样单独保存：可在文档库中下载。"),
    ("aside.orphan", "its document text is missing", "其文档内容已丢失"),
    ("aside.unknown", "no reason was recorded", "未记录原因"),
    // ----- messages: codes with arguments {0}, {1} … (see `message.rs`) -------------------
    // elements and places
    ("el.document", "the document", "文档"),
    ("el.settings", "the settings", "文档设置"),
    ("el.node", "shape \"{0}\"", "图形“{0}”"),
    ("el.edge", "connector \"{0}\"", "连线“{0}”"),
    ("el.lane", "lane \"{0}\"", "泳道“{0}”"),
    ("place", "{0}{1}{2}", "{0}{1}{2}"),
    ("place.document", "the document", "文档"),
    ("place.node", "node", "节点"),
    ("place.edge", "edge", "连线"),
    ("place.lane", "lane", "泳道"),
    ("place.element_id", "{0} \"{1}\" ({2})", "{0}“{1}”（{2}）"),
    ("place.element", "{0} {1}", "{0} {1}"),
    ("place.field", ", field `{0}`", "，字段 `{0}`"),
    ("place.line", " (line {0}, column {1})", "（第 {0} 行第 {1} 列）"),
    // values the format does not allow
    ("invalid.at", "{0}, field `{1}`: {2}", "{0}，字段 `{1}`：{2}"),
    ("invalid.format", "must be \"{0}\"", "必须为“{0}”"),
    ("invalid.version", "version {0} is not the one this build edits", "此版本无法编辑格式版本 {0}"),
    ("invalid.empty_id", "must not be empty", "不能为空"),
    ("invalid.duplicate_id", "is used by another element; ids must be unique", "已被另一个元素使用；编号必须唯一"),
    ("invalid.wrong_type", "\"{0}\" is not a node type of {1} (use one of: {2})", "“{0}”不是{1}的节点类型（可用：{2}）"),
    ("invalid.not_finite", "must be a finite number", "必须是有限数值"),
    ("invalid.negative", "must be a number ≥ 0, got {0}", "必须是 ≥ 0 的数值，实际为 {0}"),
    ("invalid.not_positive", "must be a number > 0, got {0}", "必须是 > 0 的数值，实际为 {0}"),
    ("invalid.not_fraction", "must be from 0 to 1, got {0}", "必须在 0 到 1 之间，实际为 {0}"),
    ("invalid.missing_node", "names the shape \"{0}\", which does not exist", "引用的图形“{0}”不存在"),
    ("invalid.not_in_lane", "must be in lane \"{0}\"", "必须位于泳道“{0}”中"),
    ("kind.a_sipoc", "a SIPOC diagram", "SIPOC 图"),
    ("kind.a_swimlane", "a swimlane diagram", "泳道图"),
    ("kind.a_vsm", "a value-stream map", "价值流图"),
    // files
    ("load.syntax", "not valid JSON at line {0}, column {1}: {2}", "不是有效的 JSON（第 {0} 行第 {1} 列）：{2}"),
    ("load.foreign", "not a Procmod document: {0}", "不是 Procmod 文档：{0}"),
    ("load.foreign.not_object", "the file holds no JSON object", "文件中没有 JSON 对象"),
    ("load.foreign.other", "its `format` is \"{0}\", not \"{1}\"", "其 `format` 为“{0}”，而不是“{1}”"),
    ("load.foreign.format_not_text", "its `format` is not a string", "其 `format` 不是字符串"),
    ("load.foreign.no_format", "it has no `format` field (expected \"{0}\")", "缺少 `format` 字段（应为“{0}”）"),
    ("load.too_new", "this file is format version {0}; this Procmod reads versions up to {1}", "此文件的格式版本为 {0}；当前 Procmod 只能读取 {1} 及以下版本"),
    ("load.migration", "could not upgrade from version {0}: {1}", "无法从版本 {0} 升级：{1}"),
    ("load.field", "{0}: {1}", "{0}：{1}"),
    ("read.unknown_field", "unknown field {0} (expected one of {1})", "未知字段 {0}（可用字段：{1}）"),
    ("read.unknown_variant", "unknown value {0} (expected one of {1})", "未知取值 {0}（可用取值：{1}）"),
    ("read.invalid_type", "wrong type: {0}, expected {1}", "类型错误：实际为 {0}，应为 {1}"),
    ("read.invalid_value", "invalid value: {0}, expected {1}", "取值无效：{0}，应为 {1}"),
    ("read.a_number", "a number", "数字"),
    ("read.a_whole_number", "a whole number", "整数"),
    ("read.a_text", "a text", "文本"),
    ("read.missing_field", "missing field {0}", "缺少字段 {0}"),
    ("read.other", "{0}", "{0}"),
    (
        "repair.dropped_connector",
        "Connector \"{0}\" pointed to the missing shape \"{1}\" and was removed when the document was opened",
        "连线“{0}”指向不存在的图形“{1}”，打开文档时已将其删除",
    ),
    // commands
    ("cmd.no_node", "there is no shape \"{0}\"", "不存在图形“{0}”"),
    ("cmd.no_edge", "there is no connector \"{0}\"", "不存在连线“{0}”"),
    ("cmd.no_lane", "there is no lane \"{0}\"", "不存在泳道“{0}”"),
    ("cmd.id_in_use", "the id \"{0}\" is already used", "编号“{0}”已被使用"),
    ("cmd.missing_endpoint", "connector \"{0}\" needs the shape \"{1}\", which does not exist", "连线“{0}”需要的图形“{1}”不存在"),
    ("cmd.bad_index", "position {0} is outside the list (length {1})", "位置 {0} 超出列表范围（长度 {1}）"),
    ("cmd.rollback", "an edit could not be rolled back ({0}); the document was restored", "编辑无法回滚（{0}）；文档已恢复"),
    // findings, one or more per rule
    ("rule.cannot-reach-end.loop", "The loop through {0} has no way out to an end", "{0}构成的循环没有通往结束节点的出口"),
    ("rule.cannot-reach-end.one", "No end can be reached from {0}", "从{0}无法到达任何结束节点"),
    ("rule.cycle-time-over-takt", "{0}: cycle time {1} s exceeds takt {2} s (bottleneck)", "{0}：周期时间 {1} 秒超过节拍时间 {2} 秒（瓶颈）"),
    ("rule.decision-labels", "The way out of {0} to {1} has no label", "{0}通往{1}的出口没有标签"),
    ("rule.decision-needs-two-ways.none", "{0} has no way out", "{0}没有出口"),
    ("rule.decision-needs-two-ways.one", "{0} has only one way out", "{0}只有一个出口"),
    ("rule.demand-required.missing", "Customer demand per day is missing, so takt time cannot be computed", "缺少客户日需求量，无法计算节拍时间"),
    ("rule.demand-required.zero", "Customer demand per day must be more than 0 (it is {0})", "客户日需求量必须大于 0（当前为 {0}）"),
    ("rule.duplicate-id", "The id [{0}] is used by {1} elements", "编号[{0}]被 {1} 个元素重复使用"),
    ("rule.edge-to-missing-node.one", "Connector {0} refers to the missing shape [{1}]", "连线{0}引用了不存在的图形[{1}]"),
    ("rule.edge-to-missing-node.both", "Connector {0} refers to the missing shapes [{1}] and [{2}]", "连线{0}引用了不存在的图形[{1}]和[{2}]"),
    ("rule.empty-column", "The {0} column is empty", "“{0}”列为空"),
    ("rule.end-required", "The diagram has no end", "流程图没有结束节点"),
    ("rule.fake-join", "{0} has {1} ways in; merge them with a gateway so it is clear whether it waits for all", "{0}有 {1} 条入线，应先用网关汇合，以表明是否需要等待全部到达"),
    ("rule.input-without-supplier", "{0} comes from no supplier", "{0}没有来自任何供应商"),
    ("rule.inventory-without-quantity", "{0} has neither a quantity nor days of demand", "{0}既没有数量也没有需求天数"),
    ("rule.label-required", "{0} has no label", "{0}没有名称"),
    ("rule.no-disconnected", "{0} is not connected to anything", "{0}没有任何连线"),
    ("rule.no-duplicate-edges", "{0} is connected to {1} {2} times", "{0}到{1}有 {2} 条重复连线"),
    ("rule.node-type-for-kind", "{0} does not belong in {1}", "{0}不属于{1}"),
    ("rule.output-without-customer", "{0} goes to no customer", "{0}没有流向任何客户"),
    ("rule.parallel-split-needs-join.merge", "The branches of {0} meet at {1}, not at a parallel join", "{0}的分支在{1}处汇合，而不是在并行汇聚处汇合"),
    ("rule.parallel-split-needs-join.never", "The branches of {0} never meet again at a parallel join", "{0}的分支没有在并行汇聚处重新汇合"),
    ("rule.probabilities-sum.range", "The way out of {0} to {1} has probability {2}, outside 0–100%", "{0}通往{1}的出口概率为 {2}，超出 0–100% 范围"),
    ("rule.probabilities-sum.sum", "The probabilities of the ways out of {0} sum to {1}, not 100%", "{0}各出口的概率之和为 {1}，而不是 100%"),
    (
        "rule.probabilities-sum.nothing-left",
        "The given probabilities of the ways out of {0} already sum to {1}, leaving nothing for the other {2} without one",
        "{0}已给出的出口概率之和为 {1}，超过 100%，其余 {2} 个出口分不到概率",
    ),
    ("rule.process-without-cycle-time.missing", "{0} has no cycle time", "{0}没有周期时间"),
    ("rule.process-without-cycle-time.zero", "{0} has cycle time {1} s; it must be more than 0", "{0}的周期时间为 {1} 秒，必须大于 0"),
    (
        "rule.sipoc-link-direction",
        "The connector from {0} to {1} goes against the SIPOC order (supplier → input → step → output → customer)",
        "从{0}到{1}的连线不符合 SIPOC 顺序（供应商 → 输入 → 步骤 → 输出 → 客户）",
    ),
    ("rule.start-required", "The diagram has no start", "流程图没有开始节点"),
    ("rule.step-count.few", "The process has only {0} steps; a SIPOC usually has {1} to {2}", "过程只有 {0} 个步骤，SIPOC 通常为 {1}–{2} 个"),
    ("rule.step-count.many", "The process has {0} steps; a SIPOC usually has {1} to {2}, so group some of them", "过程有 {0} 个步骤，SIPOC 通常为 {1}–{2} 个，建议合并部分步骤"),
    ("rule.superfluous-gateway", "{0} has only one way in and one way out, so it can be removed", "{0}只有一个入口和一个出口，可以删除"),
    ("rule.task-without-lane.none", "{0} is in no lane, so no one is responsible for it", "{0}不在任何泳道中，没有责任人"),
    ("rule.task-without-lane.missing", "{0} is in lane [{1}], which does not exist", "{0}所在的泳道[{1}]不存在"),
    ("rule.unreachable-from-start", "{0} cannot be reached from any start", "从任何开始节点都无法到达{0}"),
    // metrics that cannot be computed
    ("met.err.wrong_kind", "These metrics are for {0}, but this is {1}.", "这些指标适用于{0}，但当前图是{1}。"),
    ("met.err.no_start", "The diagram has no start node.", "图中没有开始节点。"),
    ("met.err.no_end", "The diagram has no end node.", "图中没有结束节点。"),
    ("met.err.no_exit", "No end can be reached from {0}: a case that gets there never finishes.", "从{0}无法到达任何结束节点：到达这里的案例永远不会结束。"),
    ("met.err.bad_probabilities", "The probabilities on the ways out of {0} must each lie in 0–100% and add up to 100%.", "{0}各出口的概率必须在 0–100% 之间，且合计为 100%。"),
    ("met.err.unmatched_parallel", "The branches of {0} do not all meet at one parallel join.", "{0}的各分支没有汇合到同一个并行汇合点。"),
    ("met.err.unmatched_join", "{0} joins branches that no parallel split opened.", "{0}汇合的分支没有对应的并行分支。"),
    (
        "met.err.unstructured_parallel",
        "The parallel block opened at {0} is entered from outside at {1}: branches must start at their split and end at their join.",
        "由{0}开始的并行块在{1}处从块外进入：分支必须从其并行分支开始，并在其汇合点结束。",
    ),
    ("met.err.missing_demand", "Customer demand per day is missing (or not above zero): takt time needs it.", "缺少每日客户需求（或不大于零）：计算节拍时间需要它。"),
    ("met.err.missing_available_time", "Available working time per day is missing (or not above zero): takt time needs it.", "缺少每日可用工作时间（或不大于零）：计算节拍时间需要它。"),
    ("met.err.missing_cycle_time", "{0} has no cycle time (C/T).", "{0}没有周期时间（C/T）。"),
    ("met.err.missing_inventory", "{0} has neither a quantity nor a number of days.", "{0}既没有数量也没有天数。"),
    // comparison
    ("cmp.err.kinds", "{0} cannot be compared with {1}", "{0}无法与{1}对比"),
    ("cmp.err.before", "the earlier version cannot be measured: {0}", "无法计算较早版本的指标：{0}"),
    ("cmp.err.after", "this version cannot be measured: {0}", "无法计算当前版本的指标：{0}"),
    ("cmp.err.nothing", "SIPOC diagrams carry no figures to compare", "SIPOC 图没有可对比的指标"),
    // library, levels, actions
    ("lib.err.store", "storage: {0}", "存储：{0}"),
    ("lib.err.missing", "there is no document \"{0}\" in the library", "文档库中没有文档“{0}”"),
    ("lib.err.conflict", "\"{0}\" was saved elsewhere (revision {1}; this copy is based on {2})", "“{0}”已在别处保存（版本 {1}；当前副本基于版本 {2}）"),
    ("drill.not_detailable", "only process steps and sub-processes open as a diagram one level down", "只有过程步骤和子流程可以展开为下一级流程图"),
    ("drill.lowest", "{0} is the lowest process level; there is no level below it", "{0} 是最低流程层级，没有下一级"),
    ("lib.err.quota", "the browser's storage is full ({0})", "浏览器存储空间已满（{0}）"),
    ("lib.err.taken", "the id \"{0}\" is already used in the library", "文档库中已有编号“{0}”"),
    ("lib.err.backup", "this is not a Procmod library backup: {0}", "这不是 Procmod 文档库备份：{0}"),
    ("lib.export_skipped", "left out of the backup because they cannot be read: {0}", "因无法读取而未包含在备份中：{0}"),
    ("lib.restored", "Restored {0} documents", "已恢复 {0} 个文档"),
    ("lib.restore_same", "{0} were already in the library, unchanged", "{0} 个已在文档库中，未更改"),
    ("lib.restore_renamed", "{0} got new ids because theirs were taken", "{0} 个因编号已被占用而获得新编号"),
    ("lib.restore_failed", "Could not restore the backup", "无法恢复备份"),
    ("lib.migrated", "Moved {0} documents to this browser's database", "已将 {0} 个文档迁移到此浏览器的数据库"),
    ("lib.migrate_failed", "Could not move the library to this browser's database", "无法将文档库迁移到此浏览器的数据库"),
    ("lib.migrate_kept", "The old copies are kept; the move is tried again at the next start.", "旧副本已保留；下次启动时将重试。"),
    ("lib.recovered", "Recovered unsaved changes of \"{0}\"", "已恢复“{0}”未保存的修改"),
    ("lib.recover_failed", "Unsaved changes of \"{0}\" could not be stored yet", "“{0}”未保存的修改暂时无法存储"),
    ("lib.kept_copy", "Kept your version as \"{0}\"", "已将您的版本另存为“{0}”"),
    ("aside.kept", "\"{0}\": {1}", "“{0}”：{1}"),
    ("merge.field", "{1} of {0}: yours {2}, theirs {3}", "{0}的{1}：您的是{2}，对方的是{3}"),
    ("merge.empty", "empty", "空"),
    ("merge.structure", "connections that no longer fit (a connector to a shape deleted in the other tab)", "连接不再一致（连线指向另一标签页中已删除的图形）"),
    ("merge.deleted", "{0} (deleted on one side, changed on the other)", "{0}（一方删除，另一方修改）"),
    ("edit.overlaps", "{0} now overlaps {1}: nothing was moved aside", "{0}现在与{1}重叠（其他图形未被移开）"),
    // the process document
    ("doc.kind", "Process document", "流程说明书"),
    ("doc.open", "Document", "说明书"),
    ("doc.not_swimlane", "the process document is written for swimlanes; this is a {0}", "流程说明书只适用于泳道图；此文档是{0}"),
    ("doc.open_hint", "The process document: roles, flowchart, step table, controls, cycle time; print or save as HTML", "流程说明书：角色、流程图、步骤说明、控制点、周期时间；可打印或另存为 HTML"),
    ("doc.print", "Print / PDF", "打印 / PDF"),
    ("doc.save_html", "Save as HTML", "另存为 HTML"),
    ("doc.untitled", "Untitled process", "未命名流程"),
    ("doc.page_numbers", "Page {0} of {1}", "第 {0} 页，共 {1} 页"),
    ("doc.process", "Process", "流程名称"),
    ("doc.revision", "Revision", "版本"),
    ("doc.level", "Level", "流程层级"),
    ("doc.owner", "Process owner", "流程责任人"),
    ("doc.author", "Prepared by", "编制"),
    ("doc.reviewer", "Reviewed by", "审核"),
    ("doc.approver", "Approved by", "批准"),
    ("doc.name", "Name", "姓名"),
    ("doc.signature", "Signature", "签字"),
    ("doc.date", "Date", "日期"),
    ("doc.roles", "Roles and responsibilities", "角色与职责"),
    ("doc.role", "Role", "角色"),
    ("doc.people", "People", "人数"),
    ("doc.responsibilities", "Responsibilities (steps)", "职责（步骤）"),
    ("doc.raci_note", "RACI: R responsible (the role that performs the step), A accountable, C consulted, I informed.", "RACI：R 负责（执行该步骤的角色），A 批准/问责，C 咨询，I 知会。"),
    ("doc.code", "File code", "文件编号"),
    ("doc.purpose", "Purpose", "目的"),
    ("doc.scope", "Scope", "适用范围"),
    ("doc.terms", "Terms and definitions", "术语和定义"),
    ("doc.term", "Term", "术语"),
    ("doc.meaning", "Meaning", "定义"),
    ("doc.risk", "Risk", "风险"),
    ("doc.control", "Control activity", "控制措施"),
    ("doc.related", "Related documents", "相关文件"),
    ("doc.history", "Revision history", "修订记录"),
    ("doc.changed_by", "Changed by", "修订人"),
    ("doc.change", "Change", "修订内容"),
    ("doc.step", "Step", "步骤"),
    ("doc.flowchart", "Flowchart", "流程图"),
    ("doc.steps", "Step descriptions", "流程步骤说明"),
    ("doc.no", "No.", "序号"),
    ("doc.activity", "Activity", "活动"),
    ("doc.inputs", "Inputs", "输入"),
    ("doc.outputs", "Outputs", "输出"),
    ("doc.system", "System", "系统"),
    ("doc.time_limit", "Time", "时限"),
    ("doc.kcp", "KCP", "关键控制点"),
    ("doc.next", "Next", "下一步"),
    ("doc.end", "end", "结束"),
    ("doc.time_note", "Time: execution, + the delay before the step starts, in the document's time unit.", "时限：执行时间，+ 开始前的等待时间，单位为文档的时间单位。"),
    ("doc.controls", "Key control points", "关键控制点"),
    ("doc.control_point", "Control point", "控制点"),
    ("doc.owner_role", "Owner", "责任角色"),
    ("doc.evidence", "Evidence (record)", "证据（记录）"),
    ("doc.forms", "Forms and documents", "相关表单与文件"),
    ("doc.form", "Form or document", "表单/文件"),
    ("doc.made_by", "Produced by", "产生于"),
    ("doc.used_by", "Used by", "使用于"),
    ("doc.time", "Cycle time", "周期时间分析"),
    ("doc.critical_path", "Critical path", "关键路径"),
    ("doc.per_case", "Per case", "每件耗时"),
    ("doc.cumulative", "Cumulative", "累计占比"),
    ("action.not_ready", "the library is still being read", "文档库仍在读取中"),
    ("action.invariant", "the change was undone because it would break the document: {0}", "该更改已撤回，因为它会破坏文档：{0}"),
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
    ("sc.board.title", "Keys on the SIPOC board (while typing in an item)", "SIPOC 看板快捷键（在条目中输入时）"),
    ("sc.board.enter", "Commit, and type the next item below", "确认，并在下方输入下一条"),
    ("sc.board.columns", "Next / previous column (from the last column, on out of the board)", "下一列 / 上一列（在最后一列时离开看板）"),
    ("sc.board.rows", "Item above / below", "上一条 / 下一条"),
    ("sc.board.reorder", "Move the item up / down its column", "在本列中上移 / 下移条目"),
    ("sc.board.delete", "Delete an empty item", "删除空条目"),
    ("sc.board.leave", "Leave the board (uncommitted typing is dropped)", "离开看板（未确认的输入将被丢弃）"),
];

/// The text for `key` in `lang`; the key itself when it is missing (a test keeps the table whole).
pub fn t(lang: Lang, key: &str) -> &str {
    static INDEX: std::sync::OnceLock<std::collections::HashMap<&'static str, usize>> = std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| TABLE.iter().enumerate().map(|(i, (k, _, _))| (*k, i)).collect());
    match index.get(key).map(|&i| &TABLE[i]) {
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

    /// The key-like string literals of every source file (`"insp.lane"`, `"rule.end-required"`)
    /// whose prefix is one the table uses.
    fn keys_in_sources() -> Vec<(String, String)> {
        let prefixes: HashSet<&str> = TABLE.iter().filter_map(|(k, _, _)| k.split('.').next()).collect();
        let mut found = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for piece in text.split('"').skip(1).step_by(2) {
                    let key_like = piece.contains('.')
                        && piece.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
                    let prefix = piece.split('.').next().unwrap_or("");
                    if key_like && prefixes.contains(prefix) && !piece.ends_with('.') {
                        found.push((path.display().to_string(), piece.to_string()));
                    }
                }
            }
        }
        found
    }

    #[test]
    fn every_rule_has_a_title() {
        let keys: HashSet<&str> = TABLE.iter().map(|(k, _, _)| *k).collect();
        for kind in [crate::model::Kind::Swimlane, crate::model::Kind::Sipoc, crate::model::Kind::Vsm] {
            for id in crate::validate::rule_ids(kind) {
                assert!(keys.contains(format!("rule-title.{id}").as_str()), "rule {id} has no title");
            }
        }
    }

    #[test]
    fn every_key_in_the_sources_is_in_the_table() {
        let keys: HashSet<&str> = TABLE.iter().map(|(k, _, _)| *k).collect();
        for (file, key) in keys_in_sources() {
            assert!(keys.contains(key.as_str()), "{file} uses {key}, which the table lacks");
        }
    }

    #[test]
    fn both_languages_use_the_same_arguments() {
        let args = |text: &str| {
            let mut found: Vec<String> = text
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
                .filter(|n| n.parse::<usize>().is_ok())
                .collect();
            found.sort();
            found
        };
        for (k, en, zh) in TABLE {
            assert_eq!(args(en), args(zh), "{k}");
        }
    }
}
