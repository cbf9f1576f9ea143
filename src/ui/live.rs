//! The page's side of live co-editing (see `crate::live`): the WebSocket to the room, one
//! protocol message per frame, reconnecting with a growing pause and at once when the network
//! comes back; the Share live dialog (server, name, the link as text and QR code); presence
//! sent as the pointer moves; the others' pointers and selections drawn over the canvas; the
//! room's state kept in localStorage so that edits made offline survive a reload.

use super::field::Input;
use super::{tr, Dialog, Model, Msg};
use crate::command::Target;
use crate::editor::Point;
use crate::i18n::Lang;
use crate::live::invite::{self, Invite};
use crate::live::{Peer, Presence, User};
use crate::model::Document;
use crate::session::Room;
use crate::store;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

const NAME_KEY: &str = "procmod.live.name";
const SERVER_KEY: &str = "procmod.live.server";
/// `procmod.live.state.ROOM`: the room's shared state (base 64), for reloads while offline.
const STATE_PREFIX: &str = "procmod.live.state.";
/// `procmod.live.doc.ROOM`: the library id of the room's local copy.
const DOC_PREFIX: &str = "procmod.live.doc.";

/// Colours for participants (by client id), distinct on a projector.
const COLOURS: [&str; 8] = ["#d1495b", "#2e86ab", "#3c9d5d", "#8e44ad", "#e67e22", "#16a085", "#c0392b", "#34495e"];

pub fn colour_of(client: u64) -> &'static str {
    COLOURS[(client % COLOURS.len() as u64) as usize]
}

/// How the connection stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkState {
    Connecting,
    Connected,
    /// Lost; trying again after a pause (this many tries so far).
    Reconnecting(u32),
    /// The browser says the network is gone: edits wait here.
    Offline,
}

/// What the live link tells the page.
pub enum LiveMsg {
    /// Start sharing the open document: server address (as typed), token, the user's name.
    Share {
        server: String,
        token: String,
        name: String,
    },
    /// Join the room of a link opened.
    Join(Invite),
    Opened,
    Frame(Vec<u8>),
    Closed,
    /// Try again now (after the pause, or the network is back).
    Reconnect,
    Offline,
    /// Stop sharing: the document stays, edited alone.
    Leave,
    /// Paint the page again (someone's presence expired).
    Refresh,
    /// The name others see.
    Rename(String),
}

/// Others present, shared with the layer that draws them (repainted alone when only
/// presence changes).
#[derive(Default)]
pub struct Peers {
    pub list: RefCell<Vec<Peer>>,
    repaint: RefCell<Option<Callback<()>>>,
}

#[derive(Clone)]
pub struct PeersHandle(pub Rc<Peers>);

impl PartialEq for PeersHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The open connection and what belongs to it.
pub struct Link {
    pub invite: Invite,
    pub state: LinkState,
    pub name: String,
    socket: Option<web_sys::WebSocket>,
    handlers: Vec<Closure<dyn FnMut(web_sys::Event)>>,
    retry: Option<gloo::timers::callback::Timeout>,
    tick: Option<gloo::timers::callback::Interval>,
    /// The online and offline listeners, kept while the link lives.
    _listeners: Vec<gloo::events::EventListener>,
    pub peers: PeersHandle,
    last_renew: f64,
    /// When others' presence was last looked at for expiry.
    expiry_checked: f64,
    /// The view was fitted to the room's diagram once it arrived.
    fitted: bool,
    kept_revision: u64,
    kept_at: f64,
}

/// Closes a socket on purpose: its handlers go first, so that no "closed" follows to be taken
/// for a lost connection.
fn hang_up(ws: web_sys::WebSocket) {
    ws.set_onopen(None);
    ws.set_onmessage(None);
    ws.set_onclose(None);
    let _ = ws.close();
}

fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    bytes
}

fn client_id() -> u64 {
    u64::from_le_bytes(random::<8>()) & ((1 << 53) - 1)
}

/// The page's own address, without its fragment.
pub fn page() -> String {
    let location = gloo::utils::window().location();
    location.href().unwrap_or_default().split('#').next().unwrap_or_default().to_string()
}

/// The invite in the page's address, if it was opened from a link.
pub fn invite_in_address() -> Option<Invite> {
    Invite::parse(&gloo::utils::window().location().hash().ok()?)
}

/// The server address to offer: the last one used, else this host on port 1234.
pub fn default_server() -> String {
    store::get_pref(SERVER_KEY).unwrap_or_else(|| {
        let host = gloo::utils::window().location().hostname().unwrap_or_default();
        format!("ws://{}:1234", if host.is_empty() { "127.0.0.1" } else { &host })
    })
}

pub fn default_name(lang: Lang) -> String {
    store::get_pref(NAME_KEY).unwrap_or_else(|| tr(lang, "live.guest").to_string())
}

fn to_base64(bytes: &[u8]) -> Option<String> {
    let binary: String = bytes.iter().map(|&b| b as char).collect();
    gloo::utils::window().btoa(&binary).ok()
}

fn from_base64(text: &str) -> Option<Vec<u8>> {
    let binary = gloo::utils::window().atob(text).ok()?;
    Some(binary.chars().map(|c| c as u32 as u8).collect())
}

impl Model {
    pub(super) fn live_msg(&mut self, msg: LiveMsg) -> bool {
        let lang = self.lang;
        match msg {
            LiveMsg::Share { server, token, name } => {
                let server = match invite::server_address(&server) {
                    Ok(s) => s,
                    Err(e) => {
                        self.say(super::error(
                            crate::message::Message::plain("live.share_failed"),
                            vec![crate::message::Message::new(
                                "read.other",
                                vec![crate::message::Arg::Text(e.to_string())],
                            )],
                        ));
                        return true;
                    }
                };
                store::set_pref(SERVER_KEY, &server);
                store::set_pref(NAME_KEY, name.trim());
                let invite = Invite {
                    room: Room { server, name: invite::room_name(&random::<16>()) },
                    token: Some(token.trim().to_string()).filter(|t| !t.is_empty()),
                };
                let shared = super::exchange::replica(client_id())
                    .and_then(|replica| self.session.share_live(invite.room.clone(), replica));
                if let Err(why) = shared {
                    return self.live_failed("live.share_failed", &why);
                }
                store::set_pref(&format!("{DOC_PREFIX}{}", invite.room.name), &self.session.doc_id);
                let link = invite.link(&page());
                let _ = gloo::utils::window()
                    .history()
                    .map(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&link)));
                self.start_link(invite, name, true);
                self.dialog = Some(Dialog::Share);
            }
            LiveMsg::Join(invite) => {
                if self.link.as_ref().is_some_and(|l| l.invite == invite) {
                    return true;
                }
                if !self.session.ready() {
                    self.pending_invite = Some(invite);
                    return true;
                }
                let key = format!("{STATE_PREFIX}{}", invite.room.name);
                let kept = store::get_pref(&key).and_then(|t| from_base64(&t));
                let local = store::get_pref(&format!("{DOC_PREFIX}{}", invite.room.name))
                    .filter(|id| self.session.entries.iter().any(|e| e.id == *id));
                let joined = super::exchange::replica(client_id()).and_then(|replica| {
                    self.session.join_live(
                        invite.room.clone(),
                        replica,
                        kept.as_deref(),
                        local.as_deref(),
                        store::now(),
                    )
                });
                if let Err(why) = joined {
                    return self.live_failed("live.join_failed", &why);
                }
                store::set_pref(&format!("{DOC_PREFIX}{}", invite.room.name), &self.session.doc_id);
                let name = default_name(lang);
                self.start_link(invite, name, false);
            }
            LiveMsg::Opened => {
                if let Some(link) = &mut self.link {
                    link.state = LinkState::Connected;
                }
                let hello = self.session.live.as_mut().map(|l| l.replica.hello()).unwrap_or_default();
                self.send(hello);
                self.presence_now();
            }
            LiveMsg::Frame(bytes) => {
                let peers_before = self.peer_summary();
                let got = self.session.live_frame(&bytes);
                self.flush();
                // The room's diagram has arrived: shown whole, as an opened document is.
                if got.synced && self.link.as_ref().is_some_and(|l| !l.fitted) {
                    if let Some(link) = &mut self.link {
                        link.fitted = true;
                    }
                    self.fit(None);
                }
                if got.presence {
                    self.refresh_peers();
                }
                // Only others' pointers moved: their layer repaints alone.
                if !got.changed && !got.synced && self.peer_summary() == peers_before && !self.session.has_events() {
                    return false;
                }
            }
            LiveMsg::Closed => {
                if let Some(live) = &mut self.session.live {
                    live.replica.disconnected();
                }
                self.refresh_peers();
                let Some(link) = &mut self.link else { return true };
                link.socket = None;
                link.handlers.clear();
                let online = gloo::utils::window().navigator().on_line();
                let attempt = match link.state {
                    LinkState::Reconnecting(n) => n + 1,
                    _ => 1,
                };
                link.state = if online { LinkState::Reconnecting(attempt) } else { LinkState::Offline };
                let delay = (500.0 * 2f64.powi(attempt.min(5) as i32)).min(10_000.0) as u32;
                if let Some(d) = self.dispatch.clone() {
                    link.retry = Some(gloo::timers::callback::Timeout::new(delay, move || {
                        d.emit(Msg::Live(LiveMsg::Reconnect))
                    }));
                }
            }
            LiveMsg::Offline => {
                if let Some(link) = &mut self.link {
                    link.state = LinkState::Offline;
                    link.retry = None;
                    if let Some(ws) = link.socket.take() {
                        hang_up(ws);
                    }
                    link.handlers.clear();
                }
                if let Some(live) = &mut self.session.live {
                    live.replica.disconnected();
                }
                self.refresh_peers();
            }
            LiveMsg::Reconnect => {
                if self.link.as_ref().is_some_and(|l| l.socket.is_none()) {
                    self.connect();
                }
            }
            LiveMsg::Refresh => {}
            LiveMsg::Rename(name) => {
                let name = name.trim().to_string();
                if let Some(link) = self.link.as_mut().filter(|_| !name.is_empty()) {
                    store::set_pref(NAME_KEY, &name);
                    link.name = name;
                }
                self.presence_now();
            }
            LiveMsg::Leave => {
                if let Some(mut link) = self.link.take() {
                    if let Some(ws) = link.socket.take() {
                        hang_up(ws);
                    }
                    store::remove_local(&[format!("{STATE_PREFIX}{}", link.invite.room.name)]);
                }
                self.session.leave_live();
                let _ = gloo::utils::window()
                    .history()
                    .map(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&page())));
                self.dialog = None;
            }
        }
        true
    }

    /// Says why sharing or joining did not start (the replica refused, or is out of reach).
    fn live_failed(&mut self, title: &'static str, why: &str) -> bool {
        self.say(super::error(crate::message::Message::plain(title), vec![crate::message::Message::received(why)]));
        true
    }

    fn start_link(&mut self, invite: Invite, name: String, sharing: bool) {
        if let Some(mut old) = self.link.take() {
            if let Some(ws) = old.socket.take() {
                hang_up(ws);
            }
        }
        let peers = PeersHandle(Rc::new(Peers::default()));
        let mut listeners = Vec::new();
        if let Some(d) = self.dispatch.clone() {
            let d2 = d.clone();
            listeners.push(gloo::events::EventListener::new(&gloo::utils::window(), "online", move |_| {
                d2.emit(Msg::Live(LiveMsg::Reconnect))
            }));
            listeners.push(gloo::events::EventListener::new(&gloo::utils::window(), "offline", move |_| {
                d.emit(Msg::Live(LiveMsg::Offline))
            }));
        }
        self.link = Some(Link {
            invite,
            state: LinkState::Connecting,
            name,
            socket: None,
            handlers: Vec::new(),
            retry: None,
            tick: None,
            _listeners: listeners,
            peers,
            last_renew: 0.0,
            expiry_checked: 0.0,
            fitted: sharing,
            kept_revision: u64::MAX,
            kept_at: 0.0,
        });
        self.connect();
        self.start_tick();
    }

    fn connect(&mut self) {
        let Some(d) = self.dispatch.clone() else { return };
        let Some(link) = &mut self.link else { return };
        link.retry = None;
        let ws = match web_sys::WebSocket::new(&link.invite.url()) {
            Ok(ws) => ws,
            Err(_) => {
                link.state = LinkState::Reconnecting(1);
                return;
            }
        };
        ws.set_binary_type(web_sys::BinaryType::Arraybuffer);
        if !matches!(link.state, LinkState::Reconnecting(_)) {
            link.state = LinkState::Connecting;
        }
        let on = |d: &Callback<Msg>, make: fn(web_sys::Event) -> Option<LiveMsg>| {
            let d = d.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
                if let Some(m) = make(e) {
                    d.emit(Msg::Live(m));
                }
            })
        };
        let open = on(&d, |_| Some(LiveMsg::Opened));
        let message = on(&d, |e| {
            let data = e.dyn_ref::<web_sys::MessageEvent>()?.data();
            let buffer = data.dyn_into::<js_sys::ArrayBuffer>().ok()?;
            Some(LiveMsg::Frame(js_sys::Uint8Array::new(&buffer).to_vec()))
        });
        let close = on(&d, |_| Some(LiveMsg::Closed));
        ws.set_onopen(Some(open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(close.as_ref().unchecked_ref()));
        link.handlers = vec![open, message, close];
        link.socket = Some(ws);
    }

    /// Every 100 ms while live: presence (pointer, selection, typing) when it changed, renewed
    /// every 15 s; the room's state kept when the document changed (at most once a second).
    fn start_tick(&mut self) {
        let (Some(d), Some(me)) = (self.dispatch.clone(), self.me.clone()) else { return };
        let Some(link) = &mut self.link else { return };
        link.tick = Some(gloo::timers::callback::Interval::new(100, move || {
            let repaint = match me.upgrade() {
                // Skipped while the page is busy with the model (rendering, handling).
                Some(model) => model.try_borrow_mut().map(|mut m| m.live_tick()).unwrap_or(false),
                None => false,
            };
            if repaint {
                d.emit(Msg::Live(LiveMsg::Refresh));
            }
        }));
    }

    /// True when the page should be painted again (someone left).
    fn live_tick(&mut self) -> bool {
        // Sends what changed (pointer, selection, typing), if anything did.
        self.presence_now();
        let now = store::now();
        let revision = self.session.editor.revision;
        let Some(link) = &mut self.link else { return false };
        let renew = now - link.last_renew > 15_000.0;
        let keep = revision != link.kept_revision && now - link.kept_at > 1000.0;
        if renew {
            link.last_renew = now;
            if let Some(live) = &mut self.session.live {
                live.replica.renew_presence();
            }
            self.flush();
        }
        if keep {
            self.keep_state();
        }
        // Others are forgotten 30 s after they were last heard of: looked at once a second.
        let Some(link) = &mut self.link else { return false };
        if now - link.expiry_checked < 1000.0 {
            return false;
        }
        link.expiry_checked = now;
        let known = link.peers.0.list.borrow().len();
        if self.session.live.as_ref().map_or(0, |l| l.replica.peers().len()) == known {
            return false;
        }
        self.refresh_peers();
        true
    }

    /// Keeps the room's state in localStorage (at most once a second while editing, and when
    /// the page is hidden or closed), so that a reload while offline loses nothing.
    pub(super) fn keep_state(&mut self) {
        let (now, revision) = (store::now(), self.session.editor.revision);
        let Some(link) = &mut self.link else { return };
        link.kept_revision = revision;
        link.kept_at = now;
        if let Some(live) = self.session.live.as_ref().filter(|l| l.doc_id == self.session.doc_id) {
            if let Some(text) = to_base64(&live.replica.state()) {
                store::write_local(&format!("{STATE_PREFIX}{}", live.room.name), &text);
            }
        }
    }

    fn presence_now(&mut self) {
        let Some(link) = &self.link else { return };
        let ed = &self.session.editor;
        let typing = match &self.editing {
            Some(Target::Node(id)) | Some(Target::Edge(id)) | Some(Target::Lane(id)) => Some(id.clone()),
            None => None,
        };
        let presence = Presence {
            user: User {
                name: link.name.clone(),
                color: colour_of(self.session.live.as_ref().map(|l| l.replica.client()).unwrap_or(0)).into(),
            },
            pointer: self.pointer.get().map(|p: Point| [(p.0 * 10.0).round() / 10.0, (p.1 * 10.0).round() / 10.0]),
            selection: ed.selection.iter().take(50).cloned().collect(),
            typing,
        };
        if let Some(live) = &mut self.session.live {
            live.replica.set_presence(&presence);
        }
        self.flush();
    }

    /// Sends what the replica has to say, if connected (else it waits in the document).
    pub(super) fn flush(&mut self) {
        let frames = match &mut self.session.live {
            Some(live) => live.replica.outgoing(),
            None => return,
        };
        self.send(frames);
    }

    fn send(&mut self, frames: Vec<Vec<u8>>) {
        let Some(link) = &self.link else { return };
        let Some(ws) = link.socket.as_ref().filter(|_| link.state == LinkState::Connected) else { return };
        for f in frames {
            let _ = ws.send_with_u8_array(&f);
        }
    }

    fn refresh_peers(&mut self) {
        let peers = self.session.live.as_ref().map(|l| l.replica.peers()).unwrap_or_default();
        if let Some(link) = &self.link {
            *link.peers.0.list.borrow_mut() = peers;
            if let Some(repaint) = link.peers.0.repaint.borrow().as_ref() {
                repaint.emit(());
            }
        }
    }

    /// Who is here and who is typing: what the top bar shows (a change repaints the page).
    pub(super) fn peer_summary(&self) -> Vec<(String, String, Option<String>)> {
        let Some(link) = &self.link else { return Vec::new() };
        link.peers
            .0
            .list
            .borrow()
            .iter()
            .map(|p| (p.presence.user.name.clone(), p.presence.user.color.clone(), p.presence.typing.clone()))
            .collect()
    }
}

// ----- views ---------------------------------------------------------------------------------

#[derive(Clone, Properties, PartialEq)]
pub struct LiveBadgeProps {
    pub state: LinkState,
    /// Others here: name, colour, what they are typing in.
    pub peers: Rc<Vec<(String, String, Option<String>)>>,
    pub doc: Rc<Document>,
    pub lang: Lang,
    pub dispatch: Callback<Msg>,
}

/// The top bar's live status: connected / reconnecting / offline, who is here, who types.
#[function_component(LiveBadge)]
pub fn live_badge(p: &LiveBadgeProps) -> Html {
    let lang = p.lang;
    let (class, text) = match p.state {
        LinkState::Connecting => ("connecting", tr(lang, "live.connecting")),
        LinkState::Connected => ("connected", tr(lang, "live.connected")),
        LinkState::Reconnecting(_) => ("reconnecting", tr(lang, "live.reconnecting")),
        LinkState::Offline => ("offline", tr(lang, "live.offline")),
    };
    let typing: Vec<String> = p
        .peers
        .iter()
        .filter_map(|(name, _, typing)| {
            let id = typing.as_ref()?;
            let label = p
                .doc
                .node(id)
                .map(|n| n.label.clone())
                .or_else(|| p.doc.edge(id).map(|e| e.label.clone()))
                .or_else(|| p.doc.lane(id).map(|l| l.name.clone()))
                .filter(|l| !l.is_empty())
                .unwrap_or_else(|| id.clone());
            Some(tr(lang, "live.typing").replace("{0}", name).replace("{1}", &label))
        })
        .collect();
    html! {
        <span class={classes!("live-badge", class)} data-testid="live-status" data-state={class}>
            <button class="live-dot" title={tr(lang, "live.share_hint").to_string()} onclick={p.dispatch.reform(|_| Msg::OpenDialog(Dialog::Share))}>{ "● " }{ text }</button>
            { for p.peers.iter().map(|(name, colour, _)| html! {
                <span class="peer-chip" data-testid="peer" style={format!("background:{colour}")} title={name.clone()}>{ initials(name) }</span>
            }) }
            if !typing.is_empty() {
                <span class="typing" data-testid="typing">{ typing.join(" · ") }</span>
            }
        </span>
    }
}

fn initials(name: &str) -> String {
    // Words that start with a letter or digit ("Bo Chen (Finance)" → BC).
    let words: Vec<&str> =
        name.split_whitespace().filter(|w| w.chars().next().is_some_and(char::is_alphanumeric)).collect();
    match words.as_slice() {
        [] => "?".into(),
        [one] => one.chars().take(2).collect(),
        [first, second, ..] => first.chars().take(1).chain(second.chars().take(1)).collect(),
    }
}

#[derive(Properties, PartialEq)]
pub struct PeersLayerProps {
    pub peers: PeersHandle,
    pub doc: Rc<Document>,
    pub zoom: f64,
}

/// Others' selections outlined in their colour and their pointers with their names, drawn in
/// document coordinates over the canvas. Repaints alone when only presence changed.
#[function_component(PeersLayer)]
pub fn peers_layer(p: &PeersLayerProps) -> Html {
    let repaint = use_force_update();
    {
        let handle = p.peers.clone();
        use_effect_with(p.peers.clone(), move |_| {
            *handle.0.repaint.borrow_mut() = Some(Callback::from(move |_| repaint.force_update()));
            move || *handle.0.repaint.borrow_mut() = None
        });
    }
    let scale = 1.0 / p.zoom.max(0.05);
    let peers = p.peers.0.list.borrow();
    html! {
        <g class="peers" data-testid="peers">
            { for peers.iter().map(|peer| {
                let colour = peer.presence.user.color.clone();
                let outlines = peer.presence.selection.iter().filter_map(|id| p.doc.node(id)).map(|n| html! {
                    <rect class="peer-selection" data-testid="peer-selection" x={(n.x - 5.0).to_string()} y={(n.y - 5.0).to_string()}
                        width={(n.width() + 10.0).to_string()} height={(n.height() + 10.0).to_string()} rx="6"
                        style={format!("stroke:{colour}")} />
                });
                let pointer = peer.presence.pointer.map(|[x, y]| html! {
                    <g class="peer-pointer" data-testid="peer-pointer" data-name={peer.presence.user.name.clone()}
                        transform={format!("translate({x} {y}) scale({scale})")}>
                        <path d="M0 0 L0 16 L4.5 12 L8 19 L10.5 18 L7 11 L12.5 11 Z" style={format!("fill:{colour}")} />
                        <g transform="translate(12 20)">
                            <rect class="peer-tag" x="0" y="0" height="18" width={(peer.presence.user.name.chars().count() as f64 * 7.5 + 10.0).to_string()} rx="4" style={format!("fill:{colour}")} />
                            <text x="5" y="13">{ &peer.presence.user.name }</text>
                        </g>
                    </g>
                });
                html! { <g key={peer.client.to_string()}>{ for outlines }{ pointer.unwrap_or_default() }</g> }
            }) }
        </g>
    }
}

#[derive(Properties, PartialEq)]
pub struct ShareDialogProps {
    /// The room shared now, its link and state, and the name others see, if sharing.
    pub sharing: Option<(String, LinkState, String)>,
    pub peers: Rc<Vec<(String, String, Option<String>)>>,
    pub lang: Lang,
    pub dispatch: Callback<Msg>,
}

/// Share live: choose the server and your name, then show the link (text and QR code) for
/// the projector; or stop sharing.
#[function_component(ShareDialog)]
pub fn share_dialog(p: &ShareDialogProps) -> Html {
    let lang = p.lang;
    let server = use_node_ref();
    let token = use_node_ref();
    let name = use_node_ref();
    let close = p.dispatch.reform(|_| Msg::CloseDialog);
    let onkeydown = super::chrome::close_on_escape(&p.dispatch.reform(|_| Msg::CloseDialog));
    let body = match &p.sharing {
        None => {
            let start = {
                let (server, token, name, d) = (server.clone(), token.clone(), name.clone(), p.dispatch.clone());
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    let value =
                        |r: &NodeRef| r.cast::<web_sys::HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
                    d.emit(Msg::Live(LiveMsg::Share {
                        server: value(&server),
                        token: value(&token),
                        name: value(&name),
                    }));
                })
            };
            html! {
                <form class="share-form" onsubmit={start}>
                    <p>{ tr(lang, "live.intro") }</p>
                    <label>{ tr(lang, "live.server") }<Input node={server} testid="live-server" value={default_server()} spellcheck="false" /></label>
                    <label>{ tr(lang, "live.token") }<input ref={token} data-testid="live-token" type="password" autocomplete="off" /></label>
                    <label>{ tr(lang, "live.name") }<Input node={name} testid="live-name" value={default_name(lang)} /></label>
                    <p class="hint">{ tr(lang, "live.server_hint") }</p>
                    <div class="buttons">
                        <button type="submit" class="primary" data-testid="live-start">{ tr(lang, "live.start") }</button>
                        <button type="button" onclick={close.clone()}>{ tr(lang, "dlg.close") }</button>
                    </div>
                </form>
            }
        }
        Some((link, state, me)) => {
            let rename = p.dispatch.reform(|e: Event| {
                let value = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).map(|i| i.value());
                Msg::Live(LiveMsg::Rename(value.unwrap_or_default()))
            });
            let qr = super::exchange::qr_svg(link)
                .map(|svg| Html::from_html_unchecked(AttrValue::from(svg)))
                .unwrap_or_default();
            let copy = {
                let link = link.clone();
                Callback::from(move |_| {
                    let clipboard = gloo::utils::window().navigator().clipboard();
                    let _ = clipboard.write_text(&link);
                })
            };
            html! {
                <div class="share-link">
                    <p>{ tr(lang, "live.link_intro") }</p>
                    <div class="qr" data-testid="live-qr">{ qr }</div>
                    <input class="link" readonly=true data-testid="live-link" value={link.clone()} onfocus={Callback::from(|e: FocusEvent| {
                        if let Some(i) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) { i.select(); }
                    })} />
                    <label class="share-name">{ tr(lang, "live.name") }<Input testid="live-name" value={me.clone()} onchange={rename} /></label>
                    <p class="hint">{ format!("{} · {}", match state {
                        LinkState::Connected => tr(lang, "live.connected"),
                        LinkState::Connecting => tr(lang, "live.connecting"),
                        LinkState::Reconnecting(_) => tr(lang, "live.reconnecting"),
                        LinkState::Offline => tr(lang, "live.offline"),
                    }, tr(lang, "live.here").replace("{0}", &(p.peers.len() + 1).to_string())) }</p>
                    <div class="buttons">
                        <button type="button" class="primary" data-testid="live-copy" onclick={copy}>{ tr(lang, "live.copy") }</button>
                        <button type="button" data-testid="live-leave" onclick={p.dispatch.reform(|_| Msg::Live(LiveMsg::Leave))}>{ tr(lang, "live.leave") }</button>
                        <button type="button" data-testid="live-close" onclick={close}>{ tr(lang, "dlg.close") }</button>
                    </div>
                </div>
            }
        }
    };
    let dialog = use_node_ref();
    super::chrome::use_focus_on_open(&dialog);
    html! {
        <div class="modal-backdrop">
            <div class="modal share-dialog" role="dialog" aria-modal="true" aria-label={tr(lang, "live.title").to_string()}
                data-testid="share-dialog" ref={dialog} tabindex="-1" {onkeydown}>
                <header><h2>{ tr(lang, "live.title") }</h2></header>
                { body }
            </div>
        </div>
    }
}
