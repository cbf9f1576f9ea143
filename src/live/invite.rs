//! The link that brings people into a live room: the app's address with
//! `#live=<server>&room=<room>[&token=<token>]` after it (in the fragment, so that the static
//! files are served as always and the server's address never reaches the web server), shown as
//! text and as a QR code for the projector.

use crate::session::Room;

/// A room and how to reach it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invite {
    pub room: Room,
    /// The server's shared secret, if it asks for one.
    pub token: Option<String>,
}

/// Why a server address is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error("a server address starts with ws:// or wss:// (got \"{0}\")")]
    Scheme(String),
    #[error("the server address names no host")]
    NoHost,
}

/// A server address as typed (`ws://host:port`, `wss://host/path`; `http(s)://` taken as
/// `ws(s)://`), without a trailing slash.
pub fn server_address(typed: &str) -> Result<String, AddressError> {
    let t = typed.trim();
    let (scheme, rest) = if let Some(rest) = t.strip_prefix("ws://").or_else(|| t.strip_prefix("http://")) {
        ("ws://", rest)
    } else if let Some(rest) = t.strip_prefix("wss://").or_else(|| t.strip_prefix("https://")) {
        ("wss://", rest)
    } else {
        return Err(AddressError::Scheme(t.into()));
    };
    let rest = rest.trim_end_matches('/');
    if rest.is_empty() || rest.starts_with('/') || rest.starts_with(':') {
        return Err(AddressError::NoHost);
    }
    Ok(format!("{scheme}{rest}"))
}

/// Whether a room name is allowed (by the app's links and by `procmod sync`, where it names a
/// file): 1 to 128 letters, digits, `-`, `_` and `.`, not starting with `.`.
pub fn valid_room(name: &str) -> bool {
    (1..=128).contains(&name.len())
        && !name.starts_with('.')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// A room name from 16 random bytes: 26 characters of base 32, unguessable.
pub fn room_name(random: &[u8; 16]) -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut bits = 0u32;
    let mut held = 0u32;
    let mut out = String::new();
    for &b in random {
        bits = (bits << 8) | b as u32;
        held += 8;
        while held >= 5 {
            held -= 5;
            out.push(ALPHABET[((bits >> held) & 31) as usize] as char);
        }
    }
    if held > 0 {
        out.push(ALPHABET[((bits << (5 - held)) & 31) as usize] as char);
    }
    out
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A percent-encoded URL component, decoded.
pub fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

impl Invite {
    /// The link: `page` (the app's address, without a fragment) and the room after `#`.
    pub fn link(&self, page: &str) -> String {
        let page = page.split('#').next().unwrap_or(page);
        let mut link = format!("{page}#live={}&room={}", encode(&self.room.server), encode(&self.room.name));
        if let Some(token) = self.token.as_deref().filter(|t| !t.is_empty()) {
            link.push_str(&format!("&token={}", encode(token)));
        }
        link
    }

    /// The invite in a page's fragment (`#live=…&room=…`), if there is one and it is sound.
    pub fn parse(fragment: &str) -> Option<Invite> {
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
        let (mut server, mut room, mut token) = (None, None, None);
        for pair in fragment.split('&') {
            let (key, value) = pair.split_once('=')?;
            let value = decode(value)?;
            match key {
                "live" => server = Some(value),
                "room" => room = Some(value),
                "token" => token = Some(value),
                _ => {}
            }
        }
        let server = server_address(&server?).ok()?;
        let name = room?;
        valid_room(&name).then_some(Invite { room: Room { server, name }, token })
    }

    /// The WebSocket URL to connect to.
    pub fn url(&self) -> String {
        self.room.url(self.token.as_deref().map(encode).as_deref())
    }
}

/// The link as a QR code, an SVG picture (black on white, with its quiet zone).
pub fn qr_svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    Some(code.render::<qrcode::render::svg::Color>().min_dimensions(220, 220).build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_carry_the_room_both_ways() {
        let invite = Invite {
            room: Room { server: "wss://rooms.example.org/yjs".into(), name: room_name(&[7; 16]) },
            token: Some("s3 cr&t".into()),
        };
        let link = invite.link("https://procmod.example/app/index.html#old");
        assert!(
            link.starts_with("https://procmod.example/app/index.html#live=wss%3A%2F%2Frooms.example.org%2Fyjs&room=")
        );
        let back = Invite::parse(link.split_once('#').unwrap().1).unwrap();
        assert_eq!(back, invite);
        assert_eq!(back.url(), format!("wss://rooms.example.org/yjs/{}?token=s3%20cr%26t", invite.room.name));
    }

    #[test]
    fn room_names_are_26_characters_of_base_32() {
        let a = room_name(&[0; 16]);
        let b = room_name(&[255; 16]);
        assert_eq!((a.len(), b.len()), (26, 26));
        assert_eq!(a, "a".repeat(26));
        assert_ne!(room_name(&[1; 16]), room_name(&[2; 16]));
    }

    #[test]
    fn server_addresses_are_checked() {
        assert_eq!(server_address(" ws://10.0.0.5:1234/ ").unwrap(), "ws://10.0.0.5:1234");
        assert_eq!(server_address("https://x.org").unwrap(), "wss://x.org");
        assert_eq!(server_address("10.0.0.5:1234"), Err(AddressError::Scheme("10.0.0.5:1234".into())));
        assert_eq!(server_address("ws://"), Err(AddressError::NoHost));
        assert!(Invite::parse("#live=ftp%3A%2F%2Fx&room=abc").is_none());
        assert!(Invite::parse("#live=ws%3A%2F%2Fx&room=..%2Fetc").is_none());
        assert!(Invite::parse("#section-2").is_none());
    }

    #[test]
    fn the_qr_code_is_a_picture() {
        let svg =
            qr_svg("http://127.0.0.1:8080/#live=ws%3A%2F%2F127.0.0.1%3A1234&room=abcdefghijklmnopqrstuvwxyz").unwrap();
        assert!(svg.starts_with("<?xml") || svg.starts_with("<svg"), "{}", &svg[..40]);
        assert!(svg.contains("<path"));
    }
}
