//! `procmod sync`, run as users run it, with participants that speak the Yjs protocol through
//! the app's own replica over real WebSockets: they converge, a restart with `--data` keeps
//! the room, the token and the limits hold. When the reference server `@y/websocket-server`
//! is installed (tests/e2e, by `scripts/setup --browser`), the same participants converge
//! through it too.

use futures_util::{SinkExt, StreamExt};
use procmod::io;
use procmod::live::{read_state, Replica};
use procmod::model::{Document, NodeType};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message as Frame;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

fn clock() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as u64
}

/// A running server; stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `procmod sync` on a free port, waiting for the line that names it.
fn procmod_sync(args: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_procmod"))
        .args(["sync", "--port", "0"])
        .args(args)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let line = lines.next().expect("the server says where it listens").unwrap();
    let port = line
        .split("ws://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    // Keep reading its log so that it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, port }
}

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// A participant: the app's replica over a WebSocket.
struct Client {
    replica: Replica,
    ws: Ws,
}

impl Client {
    async fn join(url: &str, replica: Replica) -> Client {
        let (ws, _) = tokio_tungstenite::connect_async(url).await.unwrap_or_else(|e| panic!("{url}: {e}"));
        let mut client = Client { replica, ws };
        let hello = client.replica.hello();
        client.send_all(hello).await;
        client
    }
    async fn send_all(&mut self, frames: Vec<Vec<u8>>) {
        for f in frames {
            self.ws.send(Frame::Binary(f.into())).await.unwrap();
        }
    }
    async fn flush(&mut self) {
        let out = self.replica.outgoing();
        self.send_all(out).await;
    }
    /// Takes in the next frame (answering it), by `deadline`; what it did.
    async fn step(&mut self, deadline: tokio::time::Instant, what: &str) -> procmod::live::Received {
        let frame = tokio::time::timeout_at(deadline, self.ws.next())
            .await
            .unwrap_or_else(|_| panic!("timed out waiting for {what}"))
            .expect("the connection stays open")
            .unwrap();
        let Frame::Binary(bytes) = frame else { return Default::default() };
        let got = self.replica.receive(&bytes).unwrap();
        self.flush().await;
        got
    }

    /// Reads frames until the room's state has arrived; the room has ours by then (its
    /// request for it comes first).
    async fn synced(&mut self) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        while !self.step(deadline, "the room's state").await.synced {}
    }

    /// Reads frames until `done` holds of the document read whole.
    async fn until(&mut self, what: &str, done: impl Fn(&Document) -> bool) -> Document {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            let doc = read_state(&self.replica.state()).unwrap().0;
            if done(&doc) {
                return doc;
            }
            self.step(deadline, what).await;
        }
    }
}

fn purchasing() -> Document {
    io::load(&std::fs::read_to_string("tests/fixtures/purchasing.json").unwrap()).unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

/// Two participants through the server at `base` (`ws://host:port`): one shares the
/// purchasing process, the other joins; each changes a step; both end with the same document.
async fn two_participants_converge(base: &str) {
    let doc = purchasing();
    let mut seeded = Replica::new(101, clock);
    seeded.seed(&doc);
    let mut a = Client::join(&format!("{base}/workshop-1"), seeded).await;
    a.synced().await;
    let mut b = Client::join(&format!("{base}/workshop-1"), Replica::new(202, clock)).await;
    let got = b.until("the shared document", |d| d.nodes.len() == doc.nodes.len()).await;
    assert_eq!(got, doc);
    // Each changes a different step.
    let tasks: Vec<String> = doc.nodes.iter().filter(|n| n.kind == NodeType::Task).map(|n| n.id.clone()).collect();
    let mut mine = doc.clone();
    mine.node_mut(&tasks[0]).unwrap().label = "Check the quote".into();
    a.replica.record(&doc, &mine);
    a.flush().await;
    let mut theirs = doc.clone();
    theirs.node_mut(&tasks[1]).unwrap().work = 42.0;
    b.replica.record(&doc, &theirs);
    b.flush().await;
    let both = |d: &Document| {
        d.node(&tasks[0]).is_some_and(|n| n.label == "Check the quote")
            && d.node(&tasks[1]).is_some_and(|n| n.work == 42.0)
    };
    let da = a.until("B's change at A", both).await;
    let db = b.until("A's change at B", both).await;
    assert_eq!(io::save(&da), io::save(&db));
}

#[test]
fn two_participants_converge_through_procmod_sync() {
    let server = procmod_sync(&[]);
    runtime().block_on(two_participants_converge(&format!("ws://127.0.0.1:{}", server.port)));
}

#[test]
fn a_restart_with_data_keeps_the_room() {
    let dir = std::env::temp_dir().join(format!("procmod-sync-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let data = dir.to_str().unwrap();
    let doc = purchasing();
    {
        let server = procmod_sync(&["--data", data]);
        runtime().block_on(async {
            let mut seeded = Replica::new(7, clock);
            seeded.seed(&doc);
            let mut a = Client::join(&format!("ws://127.0.0.1:{}/kept", server.port), seeded).await;
            a.synced().await;
            // A second participant sees it: the server has it.
            let mut b = Client::join(&format!("ws://127.0.0.1:{}/kept", server.port), Replica::new(8, clock)).await;
            b.until("the document", |d| d.nodes.len() == doc.nodes.len()).await;
            a.flush().await;
        });
    }
    assert!(dir.join("kept.ylog").exists());
    let (stored, _) = read_state(&procmod::live::server::stored_state(&dir, "kept").unwrap()).unwrap();
    assert_eq!(stored, doc);
    let server = procmod_sync(&["--data", data]);
    runtime().block_on(async {
        let mut c = Client::join(&format!("ws://127.0.0.1:{}/kept", server.port), Replica::new(9, clock)).await;
        let got = c.until("the room after the restart", |d| d.nodes.len() == doc.nodes.len()).await;
        assert_eq!(got, doc);
    });
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_token_bad_room_names_and_the_room_limit_are_enforced() {
    let server = procmod_sync(&["--token", "s3cret", "--max-rooms", "1"]);
    runtime().block_on(async {
        let base = format!("ws://127.0.0.1:{}", server.port);
        let refused = |url: String| async move {
            match tokio_tungstenite::connect_async(&url).await {
                Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => resp.status().as_u16(),
                Err(e) => panic!("{url}: {e}"),
                Ok(_) => 0,
            }
        };
        assert_eq!(refused(format!("{base}/room")).await, 401, "no token");
        assert_eq!(refused(format!("{base}/room?token=wrong")).await, 401, "a wrong token");
        assert_eq!(refused(format!("{base}/../etc?token=s3cret")).await, 400, "not a room name");
        let _first = Client::join(&format!("{base}/room?token=s3cret"), Replica::new(1, clock)).await;
        assert_eq!(refused(format!("{base}/another?token=s3cret")).await, 503, "one room at most");
    });
}

#[test]
fn a_malformed_message_is_ignored_and_the_room_goes_on() {
    let server = procmod_sync(&[]);
    runtime().block_on(async {
        let base = format!("ws://127.0.0.1:{}/r", server.port);
        let doc = purchasing();
        let mut seeded = Replica::new(5, clock);
        seeded.seed(&doc);
        let mut a = Client::join(&base, seeded).await;
        a.synced().await;
        a.send_all(vec![vec![0xff, 0x03, 0x01], vec![0, 2, 5, 1, 2, 3, 4, 5]]).await;
        let mut b = Client::join(&base, Replica::new(6, clock)).await;
        let got = b.until("the document", |d| d.nodes.len() == doc.nodes.len()).await;
        assert_eq!(got, doc);
    });
}

/// The reference server from npm, if installed.
fn reference_server() -> Option<Server> {
    let script = std::path::Path::new("tests/e2e/node_modules/@y/websocket-server/src/server.js");
    if !script.exists() {
        eprintln!("@y/websocket-server is not installed (scripts/setup --browser installs it): skipped");
        return None;
    }
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut child = Command::new("node")
        .arg(script)
        .env("HOST", "127.0.0.1")
        .env("PORT", port.to_string())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    lines.next()?.ok()?;
    std::thread::spawn(move || for _ in lines {});
    Some(Server { child, port })
}

#[test]
fn two_participants_converge_through_the_reference_yjs_server() {
    let Some(server) = reference_server() else { return };
    runtime().block_on(two_participants_converge(&format!("ws://127.0.0.1:{}", server.port)));
}
