//! SentencePiece unigram segmentation, read straight from the model's `.spm` file (a `ModelProto` protobuf).
//!
//! Why not a crate: `tokenizers` and `kitoken` both change the features of crates that Bevy shares in this workspace
//! (aho-corasick, crossbeam-utils, either; hashbrown, regex-syntax), and feature drift rebuilds all of Bevy. What is
//! needed is small: the protobuf's pieces and normaliser spec, the normaliser's double-array trie (Darts-clone
//! format), and a Viterbi pass. `tests/fidelity.rs` proves the ids equal the `sentencepiece` library's on a fixture
//! of several hundred strings in the four languages (including emoji, odd spaces and full-width forms).
//!
//! The algorithm follows sentencepiece's `normalizer.cc` and `unigram_model.cc`:
//! - normalise by longest match in the precompiled charsmap, a character at a time otherwise;
//! - drop leading, trailing and repeated spaces, prefix one "▁" and write every space as "▁";
//! - best segmentation by the sum of piece scores; a character no piece covers becomes `<unk>` (score: the lowest
//!   piece score minus 10), and consecutive unknowns are merged into one.

use std::collections::HashMap;

use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum SentencePieceError {
    #[error("the SentencePiece model is not a valid protobuf ({0})")]
    Protobuf(&'static str),
    #[error("the SentencePiece model has no pieces")]
    NoPieces,
    #[error("the SentencePiece normaliser's charsmap is malformed")]
    Charsmap,
}

const SPACE_SYMBOL: char = '\u{2581}';
/// sentencepiece's `kUnkPenalty`.
const UNK_PENALTY: f32 = 10.0;

/// A protobuf reader over one message's bytes (only what `ModelProto` needs).
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

enum Field<'a> {
    Varint(u64),
    Fixed32(u32),
    Bytes(&'a [u8]),
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, at: 0 }
    }

    fn varint(&mut self) -> Result<u64, SentencePieceError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self
                .bytes
                .get(self.at)
                .ok_or(SentencePieceError::Protobuf("truncated varint"))?;
            self.at += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(SentencePieceError::Protobuf("varint too long"))
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], SentencePieceError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|end| *end <= self.bytes.len())
            .ok_or(SentencePieceError::Protobuf("truncated field"))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    /// The next (field number, value), or `None` at the end of the message.
    fn next(&mut self) -> Result<Option<(u64, Field<'a>)>, SentencePieceError> {
        if self.at >= self.bytes.len() {
            return Ok(None);
        }
        let key = self.varint()?;
        let field = key >> 3;
        let value = match key & 7 {
            0 => Field::Varint(self.varint()?),
            1 => {
                self.take(8)?;
                Field::Varint(0)
            }
            2 => {
                let n = usize::try_from(self.varint()?)
                    .map_err(|_| SentencePieceError::Protobuf("length"))?;
                Field::Bytes(self.take(n)?)
            }
            5 => {
                let b = self.take(4)?;
                Field::Fixed32(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            }
            _ => return Err(SentencePieceError::Protobuf("unsupported wire type")),
        };
        Ok(Some((field, value)))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PieceType {
    Normal,
    Unknown,
    Control,
    UserDefined,
    Unused,
    Byte,
}

impl PieceType {
    fn from_proto(value: u64) -> Self {
        match value {
            2 => PieceType::Unknown,
            3 => PieceType::Control,
            4 => PieceType::UserDefined,
            5 => PieceType::Unused,
            6 => PieceType::Byte,
            _ => PieceType::Normal,
        }
    }
}

/// The normaliser's rules: a Darts-clone double array over UTF-8 bytes whose values index NUL-terminated
/// replacements.
struct Charsmap {
    units: Vec<u32>,
    replacements: Vec<u8>,
}

impl Charsmap {
    fn parse(blob: &[u8]) -> Result<Self, SentencePieceError> {
        let size_bytes: [u8; 4] = blob
            .get(..4)
            .and_then(|b| b.try_into().ok())
            .ok_or(SentencePieceError::Charsmap)?;
        let trie_bytes = u32::from_le_bytes(size_bytes) as usize;
        let trie = blob
            .get(4..4 + trie_bytes)
            .ok_or(SentencePieceError::Charsmap)?;
        if trie.len() % 4 != 0 || trie.is_empty() {
            return Err(SentencePieceError::Charsmap);
        }
        let units = trie
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Ok(Self {
            units,
            replacements: blob[4 + trie_bytes..].to_vec(),
        })
    }

    fn has_leaf(unit: u32) -> bool {
        (unit >> 8) & 1 == 1
    }
    fn value(unit: u32) -> u32 {
        unit & ((1 << 31) - 1)
    }
    fn label(unit: u32) -> u32 {
        unit & ((1 << 31) | 0xff)
    }
    fn offset(unit: u32) -> usize {
        ((unit >> 10) << ((unit & (1 << 9)) >> 6)) as usize
    }

    /// The longest rule matching a prefix of `input`: (bytes matched, replacement).
    fn longest_prefix<'s>(&'s self, input: &[u8]) -> Option<(usize, &'s [u8])> {
        let mut node = Self::offset(*self.units.first()?);
        let mut best = None;
        for (i, &byte) in input.iter().enumerate() {
            if byte == 0 {
                break;
            }
            node ^= usize::from(byte);
            let unit = *self.units.get(node)?;
            if Self::label(unit) != u32::from(byte) {
                break;
            }
            node ^= Self::offset(unit);
            if Self::has_leaf(unit) {
                let value = Self::value(*self.units.get(node)?) as usize;
                let tail = self.replacements.get(value..)?;
                let end = tail.iter().position(|b| *b == 0).unwrap_or(tail.len());
                best = Some((i + 1, &tail[..end]));
            }
        }
        best
    }
}

/// A loaded SentencePiece unigram model.
pub struct SentencePiece {
    /// Piece → (id, score), for the pieces segmentation may use (normal and user-defined).
    pieces: HashMap<String, (u32, f32, bool)>,
    max_piece_bytes: usize,
    unk_id: u32,
    bos_id: u32,
    eos_id: u32,
    unk_score: f32,
    user_defined_bonus: f32,
    charsmap: Option<Charsmap>,
    add_dummy_prefix: bool,
    remove_extra_whitespaces: bool,
    escape_whitespaces: bool,
    vocabulary_size: usize,
}

impl SentencePiece {
    /// Parses a serialised `ModelProto` (the `.spm` / `.model` file).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, SentencePieceError> {
        let mut pieces = HashMap::new();
        let mut min_score = f32::INFINITY;
        let mut max_score = f32::NEG_INFINITY;
        let mut max_piece_bytes = 1;
        let mut count = 0u32;
        let (mut unk_id, mut bos_id, mut eos_id) = (0u32, 1u32, 2u32);
        let mut charsmap = None;
        let (mut add_dummy_prefix, mut remove_extra_whitespaces, mut escape_whitespaces) =
            (true, true, true);
        let mut model = Reader::new(bytes);
        while let Some((field, value)) = model.next()? {
            match (field, value) {
                (1, Field::Bytes(piece_bytes)) => {
                    let (mut text, mut score, mut kind) =
                        (String::new(), 0.0f32, PieceType::Normal);
                    let mut piece = Reader::new(piece_bytes);
                    while let Some((f, v)) = piece.next()? {
                        match (f, v) {
                            (1, Field::Bytes(b)) => {
                                text = String::from_utf8_lossy(b).into_owned();
                            }
                            (2, Field::Fixed32(bits)) => score = f32::from_bits(bits),
                            (3, Field::Varint(t)) => kind = PieceType::from_proto(t),
                            _ => {}
                        }
                    }
                    let id = count;
                    count += 1;
                    match kind {
                        PieceType::Normal | PieceType::UserDefined => {
                            if kind == PieceType::Normal {
                                min_score = min_score.min(score);
                                max_score = max_score.max(score);
                            }
                            max_piece_bytes = max_piece_bytes.max(text.len());
                            pieces.insert(text, (id, score, kind == PieceType::UserDefined));
                        }
                        PieceType::Unknown => unk_id = id,
                        PieceType::Control | PieceType::Unused | PieceType::Byte => {}
                    }
                }
                (2, Field::Bytes(trainer)) => {
                    let mut spec = Reader::new(trainer);
                    while let Some((f, v)) = spec.next()? {
                        if let Field::Varint(n) = v {
                            match f {
                                40 => unk_id = n as u32,
                                41 => bos_id = n as u32,
                                42 => eos_id = n as u32,
                                _ => {}
                            }
                        }
                    }
                }
                (3, Field::Bytes(normalizer)) => {
                    let mut spec = Reader::new(normalizer);
                    while let Some((f, v)) = spec.next()? {
                        match (f, v) {
                            (2, Field::Bytes(blob)) if !blob.is_empty() => {
                                charsmap = Some(Charsmap::parse(blob)?);
                            }
                            (3, Field::Varint(b)) => add_dummy_prefix = b != 0,
                            (4, Field::Varint(b)) => remove_extra_whitespaces = b != 0,
                            (5, Field::Varint(b)) => escape_whitespaces = b != 0,
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        if pieces.is_empty() {
            return Err(SentencePieceError::NoPieces);
        }
        Ok(Self {
            pieces,
            max_piece_bytes,
            unk_id,
            bos_id,
            eos_id,
            unk_score: min_score - UNK_PENALTY,
            user_defined_bonus: max_score,
            charsmap,
            add_dummy_prefix,
            remove_extra_whitespaces,
            escape_whitespaces,
            vocabulary_size: count as usize,
        })
    }

    pub fn vocabulary_size(&self) -> usize {
        self.vocabulary_size
    }

    pub fn bos_id(&self) -> u32 {
        self.bos_id
    }

    pub fn eos_id(&self) -> u32 {
        self.eos_id
    }

    /// The normalised text segmentation runs on ("▁" for spaces, with the dummy prefix).
    pub fn normalize(&self, text: &str) -> String {
        let mut input = text.as_bytes();
        let mut out = String::with_capacity(text.len() + 3);
        let space = if self.escape_whitespaces {
            SPACE_SYMBOL
        } else {
            ' '
        };
        // One normalisation step: the replacement and how many input bytes it consumed.
        let step = |input: &[u8]| -> (String, usize) {
            if let Some((consumed, replacement)) =
                self.charsmap.as_ref().and_then(|c| c.longest_prefix(input))
            {
                return (String::from_utf8_lossy(replacement).into_owned(), consumed);
            }
            // No rule: one UTF-8 character as it is (a malformed byte becomes U+FFFD).
            let len = utf8_len(input);
            match std::str::from_utf8(&input[..len]) {
                Ok(s) => (s.to_string(), len),
                Err(_) => ("\u{fffd}".to_string(), 1),
            }
        };
        if self.remove_extra_whitespaces {
            while !input.is_empty() {
                let (replacement, consumed) = step(input);
                if replacement != " " {
                    break;
                }
                input = &input[consumed..];
            }
        }
        if input.is_empty() {
            return out;
        }
        if self.add_dummy_prefix {
            out.push(space);
        }
        let mut previous_was_space = self.remove_extra_whitespaces;
        while !input.is_empty() {
            let (replacement, consumed) = step(input);
            input = &input[consumed..];
            let mut piece = replacement.as_str();
            if previous_was_space {
                piece = piece.trim_start_matches(' ');
            }
            if !piece.is_empty() {
                for c in piece.chars() {
                    out.push(if c == ' ' { space } else { c });
                }
                previous_was_space = piece.ends_with(' ');
            }
            if !self.remove_extra_whitespaces {
                previous_was_space = false;
            }
        }
        if self.remove_extra_whitespaces {
            while out.ends_with(space) {
                out.pop();
            }
        }
        out
    }

    /// Piece ids of `text` (no BOS/EOS).
    pub fn encode(&self, text: &str) -> Vec<u32> {
        let normalized = self.normalize(text);
        self.segment(&normalized)
    }

    /// Piece ids of `text` between BOS and EOS, as the sentence encoder was trained.
    pub fn encode_with_bos_eos(&self, text: &str) -> Vec<u32> {
        let mut ids = Vec::with_capacity(text.len() / 2 + 2);
        ids.push(self.bos_id);
        ids.extend(self.encode(text));
        ids.push(self.eos_id);
        ids
    }

    /// Viterbi over a normalised text.
    fn segment(&self, text: &str) -> Vec<u32> {
        let n = text.len();
        if n == 0 {
            return Vec::new();
        }
        // best[end] = (score, start, id); starts only at char boundaries.
        let mut best: Vec<Option<(f32, usize, u32)>> = vec![None; n + 1];
        best[0] = Some((0.0, 0, 0));
        let boundaries: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(n))
            .collect();
        for (b, &start) in boundaries.iter().enumerate() {
            let Some((base, _, _)) = best[start] else {
                continue;
            };
            if start == n {
                break;
            }
            let first_char_end = boundaries[b + 1];
            let mut single_char_covered = false;
            for &end in &boundaries[b + 1..] {
                if end - start > self.max_piece_bytes {
                    break;
                }
                if let Some(&(id, score, user_defined)) = self.pieces.get(&text[start..end]) {
                    let score = if user_defined {
                        (end - start) as f32 * self.user_defined_bonus - 0.1
                    } else {
                        score
                    };
                    let candidate = base + score;
                    if best[end].is_none_or(|(s, _, _)| candidate > s) {
                        best[end] = Some((candidate, start, id));
                    }
                    if end == first_char_end {
                        single_char_covered = true;
                    }
                }
            }
            if !single_char_covered {
                let candidate = base + self.unk_score;
                if best[first_char_end].is_none_or(|(s, _, _)| candidate > s) {
                    best[first_char_end] = Some((candidate, start, self.unk_id));
                }
            }
        }
        let mut ids = Vec::new();
        let mut end = n;
        while end > 0 {
            let Some((_, start, id)) = best[end] else {
                break;
            };
            ids.push(id);
            end = start;
        }
        ids.reverse();
        // Consecutive unknown characters are one `<unk>`.
        ids.dedup_by(|a, b| *a == self.unk_id && *b == self.unk_id);
        ids
    }
}

fn utf8_len(input: &[u8]) -> usize {
    let len = match input.first() {
        Some(b) if *b < 0x80 => 1,
        Some(b) if b >> 5 == 0b110 => 2,
        Some(b) if b >> 4 == 0b1110 => 3,
        Some(b) if b >> 3 == 0b11110 => 4,
        _ => 1,
    };
    len.min(input.len()).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hand-made model: pieces with scores, no charsmap.
    fn tiny_model() -> SentencePiece {
        fn piece(text: &str, score: f32, kind: u64) -> Vec<u8> {
            let mut out = vec![0x0a, text.len() as u8];
            out.extend(text.as_bytes());
            out.push(0x15);
            out.extend(score.to_le_bytes());
            out.extend([0x18, kind as u8]);
            out
        }
        let mut bytes = Vec::new();
        for p in [
            piece("<unk>", 0.0, 2),
            piece("<s>", 0.0, 3),
            piece("</s>", 0.0, 3),
            piece("\u{2581}", -2.0, 1),
            piece("\u{2581}ring", -1.0, 1),
            piece("\u{2581}r", -3.0, 1),
            piece("ing", -3.0, 1),
            piece("s", -2.5, 1),
            piece("o", -4.0, 1),
            piece("r", -4.0, 1),
        ] {
            bytes.push(0x0a);
            bytes.push(p.len() as u8);
            bytes.extend(p);
        }
        match SentencePiece::from_bytes(&bytes) {
            Ok(model) => model,
            Err(e) => panic!("tiny model parses: {e}"),
        }
    }

    #[test]
    fn viterbi_prefers_the_best_total_score() {
        let model = tiny_model();
        // "▁ring" (-1) beats "▁r" + "ing" (-6); "s" follows.
        assert_eq!(model.encode("rings"), vec![4, 7]);
        assert_eq!(model.encode_with_bos_eos("ring"), vec![1, 4, 2]);
    }

    #[test]
    fn unknown_characters_merge_into_one_unk() {
        let model = tiny_model();
        // "▁" then "xyz" unknown, then "▁ring".
        assert_eq!(model.encode("xyz ring"), vec![3, 0, 4]);
    }

    #[test]
    fn extra_spaces_are_dropped() {
        let model = tiny_model();
        assert_eq!(
            model.normalize("  ring   ring "),
            "\u{2581}ring\u{2581}ring"
        );
        assert!(model.encode("   ").is_empty());
        assert!(model.encode("").is_empty());
    }

    #[test]
    fn corrupt_bytes_are_an_error_not_a_panic() {
        assert!(SentencePiece::from_bytes(&[0x0a, 0xff]).is_err());
        assert!(SentencePiece::from_bytes(&[]).is_err());
        assert!(SentencePiece::from_bytes(b"not a model at all").is_err());
    }
}
