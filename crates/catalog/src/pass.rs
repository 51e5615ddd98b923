//! Meta Pass codes: a maison's catalog holds salted SHA-256 hashes of the codes that open its private rooms, never
//! the codes themselves. `vitrine catalog pass-hash <code>` prints an entry to paste into `catalog.ron`.
//!
//! An entry's `hash` reads `sha256:<salt, 32 hex digits>:<SHA-256 of the salt's 16 bytes then the code's UTF-8, 64 hex
//! digits>`. The salt makes equal codes of two maisons (or two entries) hash differently, so a table of hashed
//! four-digit codes made once is of no use against another catalog. A short code can still be found by trying them
//! all against a known entry: a catalog is published with the app, so a pass opens a showroom's private room to
//! invited shoppers, and is not a secret that guards anything of value.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Bytes of salt in an entry.
pub const SALT_BYTES: usize = 16;

/// The private rooms a pass can open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Room {
    /// The salon privé behind the boutique's main room.
    SalonPrive,
}

/// One valid pass: its salted hash, an optional label for the maison's own records, and the rooms it opens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pass {
    pub hash: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub rooms: Vec<Room>,
}

/// Why an entry's `hash` cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PassHashError {
    #[error(
        "expected \"sha256:<32 hex digits of salt>:<64 hex digits>\" (see `vitrine catalog pass-hash`)"
    )]
    Format,
}

/// A parsed `hash`: the salt and the digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassHash {
    salt: [u8; SALT_BYTES],
    digest: [u8; 32],
}

fn hex_bytes<const N: usize>(text: &str) -> Option<[u8; N]> {
    if text.len() != 2 * N || !text.is_ascii() {
        return None;
    }
    let mut out = [0; N];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn digest(salt: &[u8; SALT_BYTES], code: &str) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(salt);
    hasher.update(code.as_bytes());
    hasher.finalize().into()
}

impl PassHash {
    /// The hash of `code` with `salt`.
    pub fn new(salt: [u8; SALT_BYTES], code: &str) -> Self {
        Self {
            salt,
            digest: digest(&salt, code),
        }
    }

    /// Reads an entry's `hash` text.
    pub fn parse(text: &str) -> Result<Self, PassHashError> {
        let mut parts = text.trim().split(':');
        let (Some("sha256"), Some(salt), Some(digest), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(PassHashError::Format);
        };
        Ok(Self {
            salt: hex_bytes(salt).ok_or(PassHashError::Format)?,
            digest: hex_bytes(digest).ok_or(PassHashError::Format)?,
        })
    }

    /// Whether `code` is the one hashed (every byte compared, whatever the first difference).
    pub fn matches(&self, code: &str) -> bool {
        let typed = digest(&self.salt, code);
        typed
            .iter()
            .zip(self.digest)
            .fold(0u8, |differ, (a, b)| differ | (a ^ b))
            == 0
    }
}

impl std::fmt::Display for PassHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "sha256:{}:{}", hex(&self.salt), hex(&self.digest))
    }
}

impl Pass {
    /// Whether `code` is this pass and it opens `room`. An entry whose hash cannot be read opens nothing (the
    /// catalog check reports it).
    pub fn opens(&self, room: Room, code: &str) -> bool {
        self.rooms.contains(&room) && PassHash::parse(&self.hash).is_ok_and(|h| h.matches(code))
    }

    /// The entry to paste into `catalog.ron` for `code`, with `salt` (random, from the caller).
    pub fn entry_text(code: &str, salt: [u8; SALT_BYTES], label: Option<&str>) -> String {
        let label = label.map_or(String::new(), |l| format!(" label: Some({l:?}),"));
        format!(
            "(hash: \"{}\",{label} rooms: [SalonPrive]),",
            PassHash::new(salt, code)
        )
    }
}

/// The passes of a catalog that open `room` with `code`: true when any does.
pub fn any_opens(passes: &[Pass], room: Room, code: &str) -> bool {
    passes.iter().any(|p| p.opens(room, code))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SALT: [u8; SALT_BYTES] = [7; SALT_BYTES];

    #[test]
    fn a_code_matches_its_own_hash_and_no_other() {
        let hash = PassHash::new(SALT, "1698");
        assert!(hash.matches("1698"));
        for other in ["1699", "", "16980", "0698", " 1698"] {
            assert!(!hash.matches(other), "{other:?}");
        }
        // Another salt, another hash of the same code.
        assert_ne!(PassHash::new([8; SALT_BYTES], "1698"), hash);
    }

    #[test]
    fn the_hash_text_reads_back() {
        let hash = PassHash::new(SALT, "1698");
        let text = hash.to_string();
        assert!(text.starts_with("sha256:07070707"));
        assert_eq!(text.len(), "sha256:".len() + 32 + 1 + 64);
        assert_eq!(PassHash::parse(&text), Ok(hash));
        // The reference digest, computed independently (Python: hashlib.sha256(bytes([7] * 16) + b"1698")).
        assert!(
            text.ends_with(":47a5e829ce65b395a390ef0a501d452798637ad64160a8247f70310f488bbe44")
        );
    }

    #[test]
    fn a_malformed_hash_is_refused() {
        for bad in [
            "1698",
            "sha256:",
            "md5:07070707070707070707070707070707:00",
            "sha256:0707:aa",
            "sha256:zz070707070707070707070707070707:0000000000000000000000000000000000000000000000000000000000000000",
            "sha256:07070707070707070707070707070707:00:00",
        ] {
            assert_eq!(PassHash::parse(bad), Err(PassHashError::Format), "{bad}");
        }
    }

    #[test]
    fn a_pass_opens_only_its_rooms_with_its_code() {
        let pass = Pass {
            hash: PassHash::new(SALT, "1698").to_string(),
            label: None,
            rooms: vec![Room::SalonPrive],
        };
        assert!(pass.opens(Room::SalonPrive, "1698"));
        assert!(!pass.opens(Room::SalonPrive, "1234"));
        let no_rooms = Pass {
            rooms: vec![],
            ..pass.clone()
        };
        assert!(!no_rooms.opens(Room::SalonPrive, "1698"));
        let unreadable = Pass {
            hash: "1698".into(),
            ..pass.clone()
        };
        assert!(!unreadable.opens(Room::SalonPrive, "1698"));
        assert!(any_opens(&[unreadable, pass], Room::SalonPrive, "1698"));
    }

    #[test]
    fn the_printed_entry_is_valid_ron_for_the_catalog() {
        let text = Pass::entry_text("2468", SALT, Some("Vendôme evening"));
        let pass: Pass = ron::from_str(text.trim_end_matches(',')).expect("an entry that parses");
        assert_eq!(pass.label.as_deref(), Some("Vendôme evening"));
        assert!(pass.opens(Room::SalonPrive, "2468"));
    }
}
