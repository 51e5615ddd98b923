//! The lexical score, and the whole concierge when no model loads: TF-IDF over character trigrams of Latin-script
//! words and character unigrams and bigrams of CJK text, so that it works across the four languages without
//! tokenising any of them and tolerates typos and inflection.

use std::collections::HashMap;

use crate::text::{fold, is_cjk};

/// A sparse, L2-normalised vector: (feature id, weight), sorted by id.
pub type Sparse = Vec<(u32, f32)>;

fn grams(text: &str, mut each: impl FnMut(&str)) {
    let folded = fold(text);
    let mut latin = String::new();
    let mut cjk: Vec<char> = Vec::new();
    let flush_latin = |latin: &mut String, each: &mut dyn FnMut(&str)| {
        if !latin.is_empty() {
            let padded: Vec<char> = format!(" {latin} ").chars().collect();
            for w in padded.windows(3) {
                each(&w.iter().collect::<String>());
            }
            latin.clear();
        }
    };
    let flush_cjk = |cjk: &mut Vec<char>, each: &mut dyn FnMut(&str)| {
        for (i, c) in cjk.iter().enumerate() {
            each(&c.to_string());
            if let Some(next) = cjk.get(i + 1) {
                each(&format!("{c}{next}"));
            }
        }
        cjk.clear();
    };
    for c in folded.chars() {
        if is_cjk(c) {
            flush_latin(&mut latin, &mut each);
            cjk.push(c);
        } else if c.is_alphanumeric() {
            flush_cjk(&mut cjk, &mut each);
            latin.push(c);
        } else {
            flush_latin(&mut latin, &mut each);
            flush_cjk(&mut cjk, &mut each);
        }
    }
    flush_latin(&mut latin, &mut each);
    flush_cjk(&mut cjk, &mut each);
}

/// The index over the products' texts.
pub struct LexicalIndex {
    vocabulary: HashMap<String, (u32, f32)>,
    documents: Vec<Sparse>,
}

fn normalise(mut v: Vec<(u32, f32)>) -> Sparse {
    v.sort_by_key(|(id, _)| *id);
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in &mut v {
            *w /= norm;
        }
    }
    v
}

pub fn dot(a: &Sparse, b: &Sparse) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

impl LexicalIndex {
    pub fn new(documents: &[String]) -> Self {
        let mut document_frequency: HashMap<String, u32> = HashMap::new();
        let mut counts: Vec<HashMap<String, u32>> = Vec::with_capacity(documents.len());
        for d in documents {
            let mut c: HashMap<String, u32> = HashMap::new();
            grams(d, |g| *c.entry(g.to_string()).or_default() += 1);
            for g in c.keys() {
                *document_frequency.entry(g.clone()).or_default() += 1;
            }
            counts.push(c);
        }
        let n = documents.len().max(1) as f32;
        let mut vocabulary = HashMap::new();
        let mut keys: Vec<&String> = document_frequency.keys().collect();
        keys.sort();
        for (id, g) in keys.into_iter().enumerate() {
            let df = document_frequency[g] as f32;
            vocabulary.insert(g.clone(), (id as u32, (1.0 + n / df).ln()));
        }
        let documents = counts
            .into_iter()
            .map(|c| {
                normalise(
                    c.into_iter()
                        .filter_map(|(g, tf)| {
                            let (id, idf) = vocabulary.get(&g)?;
                            Some((*id, (1.0 + (tf as f32).ln()) * idf))
                        })
                        .collect(),
                )
            })
            .collect();
        Self {
            vocabulary,
            documents,
        }
    }

    /// The query's vector over the index's vocabulary (unknown grams carry nothing).
    pub fn vector(&self, text: &str) -> Sparse {
        let mut c: HashMap<u32, (u32, f32)> = HashMap::new();
        grams(text, |g| {
            if let Some((id, idf)) = self.vocabulary.get(g) {
                c.entry(*id).or_insert((0, *idf)).0 += 1;
            }
        });
        normalise(
            c.into_iter()
                .map(|(id, (tf, idf))| (id, (1.0 + (tf as f32).ln()) * idf))
                .collect(),
        )
    }

    /// Cosine of the query with every document, in document order.
    pub fn scores(&self, text: &str) -> Vec<f32> {
        let q = self.vector(text);
        self.documents.iter().map(|d| dot(&q, d)).collect()
    }

    /// Cosine between two documents.
    pub fn similarity(&self, a: usize, b: usize) -> f32 {
        match (self.documents.get(a), self.documents.get(b)) {
            (Some(a), Some(b)) => dot(a, b),
            _ => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_words_score_higher_than_unrelated_ones() {
        let index = LexicalIndex::new(&[
            "diamond ring, anello con diamante, 钻石戒指".to_string(),
            "silk scarf, foulard di seta, 丝巾".to_string(),
        ]);
        let s = index.scores("diamonds");
        assert!(s[0] > 0.1 && s[1] < 0.05, "{s:?}");
        let s = index.scores("丝巾");
        assert!(s[1] > 0.1 && s[0] == 0.0, "{s:?}");
    }

    #[test]
    fn empty_and_unknown_queries_score_zero() {
        let index = LexicalIndex::new(&["ring".to_string()]);
        assert_eq!(index.scores(""), vec![0.0]);
        assert_eq!(index.scores("🎁🎁"), vec![0.0]);
    }
}
