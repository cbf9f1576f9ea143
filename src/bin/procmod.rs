//! `procmod`: checks Procmod documents from the command line with the app's own core.
//!
//!   procmod check [--json] [--lang zh] FILE...   findings and metrics for each file
//!   procmod schema                   the JSON Schema of the file format
//!   procmod render --svg IN OUT      the diagram as a self-contained SVG picture
//!   procmod layout IN OUT            the document tidied up (the app's Tidy up)
//!   procmod doc IN --format html|docx|csv -o OUT   the process document, or its step table
//!   procmod convert steps.csv OUT.json   a step table read as a new swimlane
//!   procmod convert IN.json OUT.bpmn     a swimlane as BPMN 2.0 XML with its diagram
//!   procmod simulate FILE [--cases N] [--seed S] [--json]   cases through a swimlane: cycle-time
//!                                        spread, waits, utilisation, queues
//!   procmod convert IN.bpmn OUT.json     BPMN 2.0 read as a swimlane (the import summary on
//!                                        stderr; diagrams one level down beside OUT)
//!
//! `check` reads BPMN files (.bpmn, .xml) too: findings and metrics of the imported swimlane,
//! the import summary on stderr.
//!
//! Exit status of `check`: 0 when no file has an error-level finding, 1 when one does, 2 when a
//! file cannot be read or parsed.

use clap::{Parser, Subcommand};
use procmod::format::{figure, percent};
use procmod::i18n::Lang;
use procmod::io;
use procmod::metrics::{self, Metrics};
use procmod::model::Document;
use procmod::validate::{self, Finding, Severity};
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

// Checking many large files allocates many small strings (ids, messages): mimalloc is quicker
// at that than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "procmod", version, about = "Validate and measure Procmod process documents")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Print findings and metrics for each file.
    Check {
        /// Print JSON (one object per file; an array when several files are given).
        #[arg(long)]
        json: bool,
        /// Language of the messages: en or zh (简体中文).
        #[arg(long, default_value = "en", value_parser = ["en", "zh"])]
        lang: String,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print the JSON Schema of the document format.
    Schema,
    /// Draw a document as a picture (the app's export: the same routes and shapes).
    Render {
        /// Write a self-contained SVG (styles inline, no script, no external reference).
        #[arg(long, required = true)]
        svg: bool,
        /// Language of the texts the picture adds (column headings): en or zh.
        #[arg(long, default_value = "en", value_parser = ["en", "zh"])]
        lang: String,
        /// Leave the background transparent instead of white.
        #[arg(long)]
        transparent: bool,
        /// The document (.json).
        input: PathBuf,
        /// Where to write the picture ("-" for standard output).
        output: PathBuf,
    },
    /// Write the process document of a swimlane (the app's "Document" view): roles, flowchart,
    /// step table, key control points, forms, cycle time.
    Doc {
        /// The document (.json).
        input: PathBuf,
        /// What to write: `html`, a self-contained HTML page (styles and flowchart inline;
        /// print it from a browser for A4); `docx`, a Word file with the flowchart as a
        /// picture; `csv`, the step table (UTF-8 with a byte order mark, for Excel).
        #[arg(long, default_value = "html", value_parser = ["html", "docx", "csv"])]
        format: String,
        /// Language of the document's headings: en or zh (简体中文).
        #[arg(long, default_value = "en", value_parser = ["en", "zh"])]
        lang: String,
        /// Where to write it ("-" for standard output).
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Convert between formats, chosen by the files' extensions: a step table (.csv) to a new
    /// swimlane (.json), laid out by Tidy up; a swimlane (.json) to BPMN 2.0 XML with its
    /// diagram (.bpmn); BPMN 2.0 (.bpmn) to a swimlane (.json), what could not be carried over
    /// said on stderr.
    Convert {
        /// The file to read.
        input: PathBuf,
        /// The file to write.
        output: PathBuf,
        /// Time unit of the table's execution and delay: s, min, h or d.
        #[arg(long, default_value = "h", value_parser = ["s", "min", "h", "d"])]
        unit: String,
        /// BPMN: draw each sub-process's diagram one level down inside it (default: on a
        /// diagram of its own). The diagrams are the .json files beside IN whose title or file
        /// name a sub-process links to.
        #[arg(long)]
        expanded: bool,
    },
    /// Simulate cases through a swimlane: the spread of the cycle time, the waits for a free
    /// person, each lane's utilisation and queue, the cases in process. Seeded: the same file,
    /// cases and seed give the same figures.
    Simulate {
        file: PathBuf,
        /// How many cases.
        #[arg(long, default_value_t = 10_000)]
        cases: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Print `{"simulation": …}` as JSON.
        #[arg(long)]
        json: bool,
        /// Language of the messages: en or zh (简体中文).
        #[arg(long, default_value = "en", value_parser = ["en", "zh"])]
        lang: String,
    },
    /// Run a live-editing room server (the y-websocket protocol): rooms at ws://BIND:PORT/ROOM.
    Sync {
        #[arg(long, default_value_t = 1234)]
        port: u16,
        /// The address to listen on (0.0.0.0 for every network).
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Keep every room in this folder (ROOM.ylog), so that a restart loses nothing.
        #[arg(long)]
        data: Option<PathBuf>,
        /// A shared secret: participants connect to ws://…/ROOM?token=TOKEN.
        #[arg(long)]
        token: Option<String>,
        /// The largest message accepted, in MiB.
        #[arg(long, default_value_t = 16)]
        max_message_mib: usize,
        /// The most rooms open at once.
        #[arg(long, default_value_t = 1000)]
        max_rooms: usize,
    },
    /// Tidy a swimlane up (the app's Tidy up): shapes in columns along the flow, in their lanes,
    /// lanes sized to their content.
    Layout {
        /// The document (.json).
        input: PathBuf,
        /// Where to write the tidied document ("-" for standard output).
        output: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Cmd::Schema => {
            println!("{}", serde_json::to_string_pretty(&io::schema()).expect("schema serialises"));
            ExitCode::SUCCESS
        }
        Cmd::Check { json, lang, files } => check(&files, json, Lang::from_code_or_en(&lang)),
        Cmd::Layout { input, output } => layout(&input, &output),
        Cmd::Sync { port, bind, data, token, max_message_mib, max_rooms } => {
            let config = procmod::live::server::Config {
                bind,
                port,
                data,
                token,
                max_message: max_message_mib.max(1) << 20,
                max_rooms: max_rooms.max(1),
            };
            match procmod::live::server::run(config) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("procmod sync: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Cmd::Simulate { file, cases, seed, json, lang } => {
            simulate(&file, cases, seed, json, Lang::from_code_or_en(&lang))
        }
        Cmd::Render { svg: _, lang, transparent, input, output } => {
            render(&input, &output, Lang::from_code_or_en(&lang), transparent)
        }
        Cmd::Convert { input, output, unit, expanded } => convert(&input, &output, &unit, expanded),
        Cmd::Doc { input, format, lang, output } => {
            let lang = Lang::from_code_or_en(&lang);
            match read(&input, lang) {
                Ok(doc) if doc.kind == procmod::model::Kind::Swimlane => match format.as_str() {
                    "csv" => write_out(&output, &procmod::table::to_csv(&doc, lang)),
                    "docx" => {
                        let picture = flowchart_png(&procmod::svg::render(&doc, lang));
                        if let Err(e) = &picture {
                            eprintln!("{}: the flowchart could not be drawn ({e})", input.display());
                        }
                        match procmod::docx::docx(&doc, lang, picture.as_ref().ok()) {
                            Ok(bytes) => write_bytes(&output, &bytes),
                            Err(e) => {
                                eprintln!("{}: {e}", output.display());
                                ExitCode::from(2)
                            }
                        }
                    }
                    _ => write_out(&output, &procmod::report::html(&doc, lang)),
                },
                Ok(doc) => {
                    let kind = procmod::i18n::t(lang, &format!("kind.{}", doc.kind.as_str())).to_string();
                    let message =
                        procmod::message::Message::new("doc.not_swimlane", vec![procmod::message::Arg::Text(kind)]);
                    eprintln!("{}: {}", input.display(), message.render(lang));
                    ExitCode::from(2)
                }
                Err(code) => code,
            }
        }
    }
}

/// Converts `input` to `output` by their extensions; exit status 2, writing nothing, when the
/// input cannot be read or the conversion is not one this command knows.
fn convert(input: &std::path::Path, output: &std::path::Path, unit: &str, expanded: bool) -> ExitCode {
    let ext = |p: &std::path::Path| p.extension().and_then(|e| e.to_str()).unwrap_or_default().to_lowercase();
    match (ext(input).as_str(), ext(output).as_str()) {
        ("csv", "json") => {
            let text = match std::fs::read_to_string(input) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("{}: {e}", input.display());
                    return ExitCode::from(2);
                }
            };
            let title = input.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
            let unit = match unit {
                "s" => procmod::model::TimeUnit::Seconds,
                "min" => procmod::model::TimeUnit::Minutes,
                "d" => procmod::model::TimeUnit::Days,
                _ => procmod::model::TimeUnit::Hours,
            };
            match procmod::table::from_csv(&text, title, unit) {
                Ok(doc) => write_out(output, &io::save(&doc)),
                Err(e) => {
                    eprintln!("{}: {}", input.display(), e.message().render(Lang::En));
                    ExitCode::from(2)
                }
            }
        }
        ("bpmn" | "xml", "json" | "bpmn") => {
            let imported = match read_bpmn(input, Lang::En) {
                Ok(i) => i,
                Err(code) => return code,
            };
            if ext(output) == "bpmn" {
                return match procmod::bpmn::export(&imported.document) {
                    Ok(xml) => write_out(output, &xml),
                    Err(e) => {
                        eprintln!("{}: {}", input.display(), e.message().render(Lang::En));
                        ExitCode::from(2)
                    }
                };
            }
            let code = write_out(output, &io::save(&imported.document));
            if code != ExitCode::SUCCESS {
                return code;
            }
            // Diagrams one level down go beside it, each found by its title (the links).
            let stem = output.file_stem().and_then(|s| s.to_str()).unwrap_or("imported");
            for (k, child) in imported.children.iter().enumerate() {
                let path = output.with_file_name(format!("{stem}.{}.json", k + 1));
                let code = write_out(&path, &io::save(child));
                if code != ExitCode::SUCCESS {
                    return code;
                }
                eprintln!("{}: “{}” (one level down) written to {}", input.display(), child.title, path.display());
            }
            ExitCode::SUCCESS
        }
        ("json", "bpmn") => {
            let doc = match read(input, Lang::En) {
                Ok(doc) => doc,
                Err(code) => return code,
            };
            let how =
                if expanded { procmod::bpmn::SubProcesses::Expanded } else { procmod::bpmn::SubProcesses::Collapsed };
            match procmod::bpmn::export_with(&doc, &beside(input), how) {
                Ok(xml) => write_out(output, &xml),
                Err(e) => {
                    eprintln!("{}: {}", input.display(), e.message().render(Lang::En));
                    ExitCode::from(2)
                }
            }
        }
        (from, to) => {
            eprintln!("procmod convert: no conversion from .{from} to .{to} (known: .csv to .json, .json to .bpmn, .bpmn to .json or .bpmn)");
            ExitCode::from(2)
        }
    }
}

/// The document at `input`; when it cannot be read, says why and gives exit status 2.
fn read(input: &std::path::Path, lang: Lang) -> Result<Document, ExitCode> {
    std::fs::read_to_string(input)
        .map_err(|e| e.to_string())
        .and_then(|t| io::load(&t).map_err(|e| e.message().render(lang)))
        .map_err(|e| {
            eprintln!("{}: {e}", input.display());
            ExitCode::from(2)
        })
}

/// A BPMN file read as a swimlane, with the import summary written to stderr; when it cannot
/// be read, says why and gives exit status 2.
fn read_bpmn(input: &std::path::Path, lang: Lang) -> Result<procmod::bpmn::Imported, ExitCode> {
    let imported = std::fs::read_to_string(input)
        .map_err(|e| e.to_string())
        .and_then(|t| procmod::bpmn::import(&t, &stem(input)).map_err(|e| e.message().render(lang)))
        .map_err(|e| {
            eprintln!("{}: {e}", input.display());
            ExitCode::from(2)
        })?;
    for note in &imported.notes {
        eprintln!("{}: {}", input.display(), note.message().render(lang));
    }
    Ok(imported)
}

/// The documents beside `input` (the .json files in its folder that read), by title and by
/// file name without `.json`: the diagrams a sub-process may link to.
fn beside(input: &std::path::Path) -> std::collections::HashMap<String, Document> {
    let mut found = std::collections::HashMap::new();
    let dir = input.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    for path in std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()) {
        if path.extension().and_then(|e| e.to_str()) != Some("json") || path == input {
            continue;
        }
        if let Ok(doc) = std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|t| io::load(&t).map_err(|e| e.to_string()))
        {
            let name =
                path.file_name().and_then(|s| s.to_str()).unwrap_or_default().trim_end_matches(".json").to_string();
            found.insert(name, doc.clone());
            found.entry(doc.title.clone()).or_insert(doc);
        }
    }
    found
}

/// A file's name without its extension.
fn stem(path: &std::path::Path) -> String {
    path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string()
}

fn is_bpmn(path: &std::path::Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()).map(str::to_lowercase).as_deref(), Some("bpmn" | "xml"))
}

/// Simulates `file` (a swimlane, or a BPMN file); exit status 2 when it cannot be read or
/// measured.
fn simulate(file: &std::path::Path, cases: usize, seed: u64, as_json: bool, lang: Lang) -> ExitCode {
    let doc = if is_bpmn(file) {
        match read_bpmn(file, lang) {
            Ok(imported) => imported.document,
            Err(code) => return code,
        }
    } else {
        match read(file, lang) {
            Ok(doc) => doc,
            Err(code) => return code,
        }
    };
    let sim = match metrics::simulate(&doc, cases, seed, &mut |_| true) {
        Ok(sim) => sim,
        Err(e) => {
            eprintln!("{}: {}", file.display(), e.message(&doc).render(lang));
            return ExitCode::from(2);
        }
    };
    if as_json {
        println!("{}", serde_json::to_string_pretty(&json!({ "simulation": sim })).expect("simulation serialises"));
        return ExitCode::SUCCESS;
    }
    let u = doc.time_unit.as_str();
    let c = &sim.cycle_time;
    println!("{}: {} cases, seed {}", file.display(), sim.cases, sim.seed);
    println!(
        "  cycle time mean {} {u}; p50 {}, p90 {}, p95 {}, max {}",
        figure(c.mean),
        figure(c.p50),
        figure(c.p90),
        figure(c.p95),
        figure(c.max)
    );
    let name = |id: &str| doc.lane(id).map(|l| l.name.clone()).filter(|n| !n.is_empty()).unwrap_or(id.to_string());
    for (lane, busy) in &sim.utilisation {
        let waiting = sim.queue.get(lane).copied().unwrap_or(0.0);
        let flag = if *busy > 0.85 { "  (over 85 %)" } else { "" };
        println!("  {:<24} utilisation {:>6}, waiting {}{flag}", name(lane), percent(*busy), figure(waiting));
    }
    let mut waits: Vec<_> = sim.queue_wait.iter().collect();
    waits.sort_by(|a, b| b.1.total_cmp(a.1));
    for (step, wait) in waits.iter().take(5) {
        let label = doc.node(step).map(|n| n.label.clone()).filter(|l| !l.is_empty()).unwrap_or(step.to_string());
        println!("  waits {} {u} for a free person at {label}", figure(**wait));
    }
    if let Some(w) = sim.wip {
        println!("  work in progress {}", figure(w));
    }
    if sim.stopped {
        println!("  stopped early: a loop that would not end; the figures cover the cases done");
    }
    ExitCode::SUCCESS
}

/// Writes `input` tidied up to `output`, through the editor's own action (one step, checked).
fn layout(input: &std::path::Path, output: &std::path::Path) -> ExitCode {
    let doc = match std::fs::read_to_string(input)
        .map_err(|e| e.to_string())
        .and_then(|t| io::load(&t).map_err(|e| e.to_string()))
    {
        Ok(doc) => doc,
        Err(e) => {
            eprintln!("{}: {e}", input.display());
            return ExitCode::from(2);
        }
    };
    let mut editor = procmod::editor::Editor::new(doc);
    if let Err(e) = editor.dispatch(procmod::editor::Action::TidyUp) {
        eprintln!("{}: {e}", input.display());
        return ExitCode::from(2);
    }
    write_out(output, &io::save(&editor.doc))
}

/// The picture as a PNG at twice its size (sharp in print), drawn with the system's fonts.
fn flowchart_png(svg: &str) -> Result<procmod::docx::Picture, String> {
    use resvg::{tiny_skia, usvg};
    let mut options = usvg::Options::default();
    options.fontdb_mut().load_system_fonts();
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let size = tree.size();
    let (width, height) = ((size.width() * 2.0).ceil() as u32, (size.height() * 2.0).ceil() as u32);
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or("the picture is too large to paint")?;
    resvg::render(&tree, tiny_skia::Transform::from_scale(2.0, 2.0), &mut pixmap.as_mut());
    Ok(procmod::docx::Picture { png: pixmap.encode_png().map_err(|e| e.to_string())?, width, height })
}

fn write_out(output: &std::path::Path, text: &str) -> ExitCode {
    write_bytes(output, text.as_bytes())
}

fn write_bytes(output: &std::path::Path, bytes: &[u8]) -> ExitCode {
    let written = if output.as_os_str() == "-" {
        use std::io::Write;
        std::io::stdout().write_all(bytes).map_err(|e| e.to_string())
    } else {
        std::fs::write(output, bytes).map_err(|e| e.to_string())
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}: {e}", output.display());
            ExitCode::from(2)
        }
    }
}

/// Writes the picture of `input` to `output`; exit status 2 when the document cannot be read
/// or the picture cannot be written (nothing is written then).
fn render(input: &std::path::Path, output: &std::path::Path, lang: Lang, transparent: bool) -> ExitCode {
    let doc = match read(input, lang) {
        Ok(doc) => doc,
        Err(code) => return code,
    };
    let mut picture = procmod::svg::render(&doc, lang);
    if transparent {
        picture = procmod::svg::transparent(&picture);
    }
    write_out(output, &picture)
}

fn check(files: &[PathBuf], as_json: bool, lang: Lang) -> ExitCode {
    let mut worst = 0u8;
    let mut reports = Vec::new();
    for path in files {
        let name = path.display().to_string();
        let loaded = if is_bpmn(path) {
            std::fs::read_to_string(path).map_err(|e| e.to_string()).and_then(|t| {
                let imported = procmod::bpmn::import(&t, &stem(path)).map_err(|e| e.message().render(lang))?;
                for note in &imported.notes {
                    eprintln!("{name}: {}", note.message().render(lang));
                }
                Ok(imported.document)
            })
        } else {
            std::fs::read_to_string(path)
                .map_err(|e| e.to_string())
                .and_then(|t| io::load(&t).map_err(|e| e.message().render(lang)))
        };
        let doc = match loaded {
            Ok(doc) => doc,
            Err(e) => {
                worst = 2;
                eprintln!("{name}: {e}");
                reports.push(json!({ "file": name, "error": e }));
                continue;
            }
        };
        let findings = validate::validate(&doc);
        let metrics = metrics::compute(&doc);
        if findings.iter().any(|f| f.severity == Severity::Error) {
            worst = worst.max(1);
        }
        if as_json {
            let (m, err) = match &metrics {
                Ok(m) => (serde_json::to_value(m).expect("metrics serialise"), None),
                Err(e) => (serde_json::Value::Null, Some(e.message(&doc).render(lang))),
            };
            let mut report =
                json!({ "file": name, "kind": doc.kind, "title": doc.title, "findings": findings, "metrics": m });
            if let Some(e) = err {
                report["metrics_error"] = json!(e);
            }
            reports.push(report);
        } else {
            print_human(&name, &doc, &findings, &metrics, lang);
        }
    }
    if as_json {
        let out =
            if reports.len() == 1 { reports.pop().expect("one report") } else { serde_json::Value::Array(reports) };
        println!("{}", serde_json::to_string_pretty(&out).expect("report serialises"));
    }
    ExitCode::from(worst)
}

fn print_human(
    name: &str,
    doc: &Document,
    findings: &[Finding],
    metrics: &Result<Metrics, metrics::MetricsError>,
    lang: Lang,
) {
    println!("{name}: {} “{}”", doc.kind.as_str(), doc.title);
    if findings.is_empty() {
        println!("  no findings");
    }
    for f in findings {
        let sev = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        println!("  {sev:<7} {:<28} {}", f.rule, f.message.render(lang));
    }
    match metrics {
        Err(e) => println!("  metrics: unavailable: {}", e.message(doc).render(lang)),
        Ok(Metrics::Swimlane(m)) => {
            let u = &m.time_unit;
            println!(
                "  cycle time {} {u} = execution {} + delay {} + transfer {}",
                figure(m.cycle_time),
                figure(m.execution),
                figure(m.delay),
                figure(m.transfer)
            );
            println!(
                "  handoffs {}; critical path {} {u}: {}",
                figure(m.handoffs),
                figure(m.critical_path.time),
                m.critical_path.nodes.join(" → ")
            );
            if let Some(v) = m.value_added_efficiency {
                println!("  value-added efficiency {}", percent(v));
            }
            if let Some(w) = m.wip {
                println!("  work in progress {}", figure(w));
            }
            for p in m.pareto.iter().take(5) {
                println!(
                    "  {:>6}  {} ({} {u})",
                    percent(p.share),
                    doc.node(&p.node).map(|n| n.label.as_str()).filter(|l| !l.is_empty()).unwrap_or(&p.node),
                    figure(p.time)
                );
            }
        }
        Ok(Metrics::Vsm(m)) => {
            println!(
                "  takt {} s; processing {} s; lead time {} days; PCE {}",
                figure(m.takt_seconds),
                figure(m.processing_seconds),
                figure(m.lead_time_days),
                m.pce.map(percent).unwrap_or_else(|| "n/a".into())
            );
            if let Some(b) = &m.bottleneck {
                println!(
                    "  bottleneck {} ({} s){}",
                    b.label,
                    figure(b.cycle_time),
                    if b.over_takt { ", over takt" } else { "" }
                );
            }
        }
        Ok(Metrics::Sipoc(m)) => println!("  {}", serde_json::to_string(m).expect("metrics serialise")),
    }
}
