//! `procmod sync`: a small server of the y-websocket protocol, so that a team can run its own
//! room server next to the app's static files. One room per URL path (`ws://host:port/ROOM`);
//! what a participant sends is applied to the room's Y.Doc and relayed to the others; presence
//! (awareness) is relayed and cleared when a connection goes. Any Yjs client speaks to it, and
//! the app speaks to any y-websocket server.
//!
//! With `--data DIR` every update is appended to `DIR/ROOM.ylog` (length-prefixed updates) as
//! it arrives, and the log is compacted into one update when the room is opened and every
//! [`COMPACT_AFTER`] updates, so that a restart loses nothing. With `--token T` a connection
//! must ask for `…/ROOM?token=T`. Messages over `max_message` bytes close the connection;
//! at most `max_rooms` rooms are open.
//!
//! Single-threaded (a current-thread Tokio runtime): a workshop's rooms are small, and yrs
//! documents stay on one thread.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http::StatusCode;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message as Frame;
use yrs::sync::{Awareness, Message, SyncMessage};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{ClientID, Doc, ReadTxn, StateVector, Transact, Update};

/// Updates appended to a room's log before it is compacted again.
pub const COMPACT_AFTER: usize = 500;

/// How the server runs.
#[derive(Clone, Debug)]
pub struct Config {
    pub bind: String,
    pub port: u16,
    pub data: Option<PathBuf>,
    pub token: Option<String>,
    /// Largest message accepted, in bytes.
    pub max_message: usize,
    /// Most rooms open at once.
    pub max_rooms: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config { bind: "127.0.0.1".into(), port: 1234, data: None, token: None, max_message: 16 << 20, max_rooms: 1000 }
    }
}

fn log(text: impl AsRef<str>) {
    eprintln!("[procmod sync] {}", text.as_ref());
}

struct Conn {
    tx: mpsc::UnboundedSender<Vec<u8>>,
    /// Awareness clients this connection speaks for (cleared when it closes).
    clients: HashSet<ClientID>,
}

struct Room {
    name: String,
    awareness: Awareness,
    conns: HashMap<u64, Conn>,
    log: Option<RoomLog>,
}

/// A room's update log on disk.
struct RoomLog {
    path: PathBuf,
    appended: usize,
}

impl RoomLog {
    fn path(dir: &Path, room: &str) -> PathBuf {
        dir.join(format!("{room}.ylog"))
    }

    /// Every complete update in the log (a record cut short by a crash is left out).
    fn read(path: &Path) -> io::Result<Vec<Vec<u8>>> {
        let bytes = match fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        let mut out = Vec::new();
        let mut at = 0;
        while at + 4 <= bytes.len() {
            let len = u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]) as usize;
            if at + 4 + len > bytes.len() {
                log(format!(
                    "{}: the last record is cut short ({} bytes); it is left out",
                    path.display(),
                    bytes.len() - at
                ));
                break;
            }
            out.push(bytes[at + 4..at + 4 + len].to_vec());
            at += 4 + len;
        }
        Ok(out)
    }

    fn append(&mut self, update: &[u8]) -> io::Result<()> {
        let mut file = fs::OpenOptions::new().create(true).append(true).open(&self.path)?;
        let mut record = (update.len() as u32).to_le_bytes().to_vec();
        record.extend_from_slice(update);
        file.write_all(&record)?;
        file.sync_data()?;
        self.appended += 1;
        Ok(())
    }

    /// Replaces the log with one update holding the whole state (written beside, then renamed).
    fn compact(&mut self, doc: &Doc) -> io::Result<()> {
        let state = doc.transact().encode_state_as_update_v1(&StateVector::default());
        let tmp = self.path.with_extension("ylog.tmp");
        {
            let mut file = fs::File::create(&tmp)?;
            file.write_all(&(state.len() as u32).to_le_bytes())?;
            file.write_all(&state)?;
            file.sync_all()?;
        }
        fs::rename(&tmp, &self.path)?;
        self.appended = 0;
        Ok(())
    }
}

impl Room {
    fn open(name: &str, data: Option<&Path>) -> io::Result<Room> {
        let doc = Doc::new();
        let mut log_file = None;
        if let Some(dir) = data {
            let path = RoomLog::path(dir, name);
            let updates = RoomLog::read(&path)?;
            let count = updates.len();
            for (i, bytes) in updates.into_iter().enumerate() {
                match Update::decode_v1(&bytes) {
                    Ok(update) => {
                        if let Err(e) = doc.transact_mut().apply_update(update) {
                            log(format!("room {name}: update {} of the log does not apply ({e}); skipped", i + 1));
                        }
                    }
                    Err(e) => log(format!("room {name}: update {} of the log cannot be read ({e}); skipped", i + 1)),
                }
            }
            let mut room_log = RoomLog { path, appended: 0 };
            if count > 0 {
                room_log.compact(&doc)?;
                log(format!("room {name}: restored from {count} update(s) in {}", room_log.path.display()));
            }
            log_file = Some(room_log);
        }
        Ok(Room {
            name: name.to_string(),
            awareness: Awareness::with_clock(doc, now_ms),
            conns: HashMap::new(),
            log: log_file,
        })
    }

    fn send(&self, to: u64, message: &Message) {
        if let Some(conn) = self.conns.get(&to) {
            let _ = conn.tx.send(message.encode_v1());
        }
    }

    fn broadcast(&self, from: u64, message: &Message) {
        let bytes = message.encode_v1();
        for (id, conn) in &self.conns {
            if *id != from {
                let _ = conn.tx.send(bytes.clone());
            }
        }
    }

    /// What a new connection is sent first: the room's state vector, and everyone's presence.
    fn greet(&self, to: u64) {
        let sv = self.awareness.doc().transact().state_vector();
        self.send(to, &Message::Sync(SyncMessage::SyncStep1(sv)));
        if let Ok(update) = self.awareness.update() {
            if !update.clients.is_empty() {
                self.send(to, &Message::Awareness(update));
            }
        }
    }

    /// Handles one frame from connection `from`. Errors are the connection's fault.
    fn handle(&mut self, from: u64, frame: &[u8]) -> Result<(), String> {
        let message = Message::decode_v1(frame).map_err(|e| format!("not a Yjs protocol message: {e}"))?;
        match message {
            Message::Sync(SyncMessage::SyncStep1(sv)) => {
                let update = self.awareness.doc().transact().encode_state_as_update_v1(&sv);
                self.send(from, &Message::Sync(SyncMessage::SyncStep2(update)));
            }
            Message::Sync(SyncMessage::SyncStep2(bytes)) | Message::Sync(SyncMessage::Update(bytes)) => {
                let update = Update::decode_v1(&bytes).map_err(|e| format!("an update that cannot be read: {e}"))?;
                let before = self.awareness.doc().transact().state_vector();
                self.awareness
                    .doc()
                    .transact_mut()
                    .apply_update(update)
                    .map_err(|e| format!("an update that does not apply: {e}"))?;
                let after = self.awareness.doc().transact().state_vector();
                if after != before || !bytes.is_empty() {
                    if let Some(log_file) = &mut self.log {
                        if let Err(e) = log_file.append(&bytes) {
                            log(format!("room {}: the update could not be written ({e})", self.name));
                        } else if log_file.appended >= COMPACT_AFTER {
                            if let Err(e) = log_file.compact(self.awareness.doc()) {
                                log(format!("room {}: the log could not be compacted ({e})", self.name));
                            }
                        }
                    }
                    self.broadcast(from, &Message::Sync(SyncMessage::Update(bytes)));
                }
            }
            Message::Awareness(update) => {
                if let Some(conn) = self.conns.get_mut(&from) {
                    for (client, entry) in &update.clients {
                        if entry.json.as_ref() == "null" {
                            conn.clients.remove(client);
                        } else {
                            conn.clients.insert(*client);
                        }
                    }
                }
                self.awareness
                    .apply_update(update.clone())
                    .map_err(|e| format!("a presence update that cannot be read: {e}"))?;
                self.broadcast(from, &Message::Awareness(update));
            }
            Message::AwarenessQuery => {
                if let Ok(update) = self.awareness.update() {
                    self.send(from, &Message::Awareness(update));
                }
            }
            Message::Auth(_) | Message::Custom(..) => {}
        }
        Ok(())
    }

    /// A connection closed: its presence is cleared for everyone else.
    fn leave(&mut self, from: u64) {
        let Some(conn) = self.conns.remove(&from) else { return };
        if conn.clients.is_empty() {
            return;
        }
        for client in &conn.clients {
            self.awareness.remove_state(*client);
        }
        if let Ok(update) = self.awareness.update_with_clients(conn.clients.iter().copied()) {
            self.broadcast(from, &Message::Awareness(update));
        }
    }
}

fn now_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

type Rooms = Rc<RefCell<HashMap<String, Room>>>;

/// Runs the server until interrupted (Ctrl-C). Fails when the address cannot be bound.
pub fn run(config: Config) -> io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, serve(config))
}

async fn serve(config: Config) -> io::Result<()> {
    if let Some(dir) = &config.data {
        fs::create_dir_all(dir)?;
    }
    let listener = TcpListener::bind((config.bind.as_str(), config.port)).await?;
    let addr = listener.local_addr()?;
    log(format!(
        "listening on ws://{addr}/ROOM{}{}",
        config.data.as_ref().map(|d| format!(", rooms kept in {}", d.display())).unwrap_or_default(),
        if config.token.is_some() { ", token required" } else { "" }
    ));
    let rooms: Rooms = Rc::new(RefCell::new(HashMap::new()));
    let mut next = 0u64;
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => accepted?,
            _ = tokio::signal::ctrl_c() => {
                log("stopped");
                return Ok(());
            }
        };
        next += 1;
        let (rooms, config) = (Rc::clone(&rooms), config.clone());
        tokio::task::spawn_local(async move {
            if let Err(e) = connection(stream, next, rooms, &config).await {
                log(format!("{peer}: {e}"));
            }
        });
    }
}

/// What the handshake decided: the room, or why not.
fn admit(req: &Request, config: &Config, rooms: &Rooms) -> Result<String, (StatusCode, String)> {
    let uri = req.uri();
    let name = uri.path().trim_start_matches('/').to_string();
    if !super::invite::valid_room(&name) {
        return Err((
            StatusCode::BAD_REQUEST,
            format!("\"{}\" is not a room name (letters, digits, - _ .)", uri.path()),
        ));
    }
    if let Some(token) = &config.token {
        let given = uri.query().unwrap_or("").split('&').find_map(|pair| pair.strip_prefix("token="));
        if given.and_then(super::invite::decode).as_deref() != Some(token.as_str()) {
            return Err((StatusCode::UNAUTHORIZED, "a wrong or missing token".into()));
        }
    }
    let rooms = rooms.borrow();
    if !rooms.contains_key(&name) && rooms.len() >= config.max_rooms {
        return Err((
            StatusCode::SERVICE_UNAVAILABLE,
            format!("the server holds its limit of {} rooms", config.max_rooms),
        ));
    }
    Ok(name)
}

async fn connection(stream: TcpStream, id: u64, rooms: Rooms, config: &Config) -> Result<(), String> {
    let admitted: RefCell<Option<Result<String, (StatusCode, String)>>> = RefCell::new(None);
    // The handshake's callback type is tungstenite's: its error is the HTTP refusal itself.
    #[allow(clippy::result_large_err)]
    let callback = |req: &Request, resp: Response| -> Result<Response, ErrorResponse> {
        let decision = admit(req, config, &rooms);
        let result = match &decision {
            Ok(_) => Ok(resp),
            Err((status, why)) => {
                let mut refusal = ErrorResponse::new(Some(why.clone()));
                *refusal.status_mut() = *status;
                Err(refusal)
            }
        };
        *admitted.borrow_mut() = Some(decision);
        result
    };
    let ws_config =
        WebSocketConfig::default().max_message_size(Some(config.max_message)).max_frame_size(Some(config.max_message));
    let handshake = tokio_tungstenite::accept_hdr_async_with_config(stream, callback, Some(ws_config)).await;
    let (ws, name) = match (handshake, admitted.into_inner()) {
        (Ok(ws), Some(Ok(name))) => (ws, name),
        (_, Some(Err((status, why)))) => return Err(format!("refused ({status}): {why}")),
        (Err(e), _) => return Err(format!("the WebSocket handshake failed: {e}")),
        (Ok(_), None) => return Err("no request".into()),
    };
    let (mut sink, mut source) = ws.split();
    let (tx, mut rx) = mpsc::unbounded_channel::<Vec<u8>>();
    {
        let mut all = rooms.borrow_mut();
        if !all.contains_key(&name) {
            let room =
                Room::open(&name, config.data.as_deref()).map_err(|e| format!("room {name} cannot be opened: {e}"))?;
            all.insert(name.clone(), room);
        }
        let room = all.get_mut(&name).expect("just inserted");
        room.conns.insert(id, Conn { tx, clients: HashSet::new() });
        room.greet(id);
        log(format!("room {name}: a participant joined ({} connected)", room.conns.len()));
    }
    let writer = async {
        while let Some(bytes) = rx.recv().await {
            if sink.send(Frame::Binary(bytes.into())).await.is_err() {
                break;
            }
        }
    };
    let reader = async {
        while let Some(frame) = source.next().await {
            match frame {
                Ok(Frame::Binary(bytes)) => {
                    let mut all = rooms.borrow_mut();
                    let Some(room) = all.get_mut(&name) else { break };
                    if let Err(e) = room.handle(id, &bytes) {
                        log(format!("room {name}: ignored a message ({e})"));
                    }
                }
                Ok(Frame::Close(_)) => break,
                Ok(_) => {}
                Err(e) => {
                    log(format!("room {name}: connection closed ({e})"));
                    break;
                }
            }
        }
    };
    tokio::select! {
        _ = writer => {}
        _ = reader => {}
    }
    let mut all = rooms.borrow_mut();
    if let Some(room) = all.get_mut(&name) {
        room.leave(id);
        log(format!("room {name}: a participant left ({} connected)", room.conns.len()));
        if room.conns.is_empty() {
            if let Some(log_file) = &mut room.log {
                if let Err(e) = log_file.compact(room.awareness.doc()) {
                    log(format!("room {name}: the log could not be compacted ({e})"));
                }
            }
            all.remove(&name);
        }
    }
    Ok(())
}

/// The whole state of a room kept under `dir`, as one update (for tools and tests).
pub fn stored_state(dir: &Path, room: &str) -> io::Result<Vec<u8>> {
    let doc = Doc::new();
    for bytes in RoomLog::read(&RoomLog::path(dir, room))? {
        if let Ok(update) = Update::decode_v1(&bytes) {
            let _ = doc.transact_mut().apply_update(update);
        }
    }
    let state = doc.transact().encode_state_as_update_v1(&StateVector::default());
    Ok(state)
}
