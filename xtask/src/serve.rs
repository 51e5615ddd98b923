//! `cargo xtask web --serve`: serves `web/dist/` on 127.0.0.1 with the headers a host should give it — the right
//! MIME types (`application/wasm` lets the browser compile while it downloads), the pre-compressed copies, a strict
//! same-origin content security policy, and cross-origin isolation for ONNX Runtime's threads.

use anyhow::{Context, Result};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// The security headers every response carries. `connect-src 'self'` also stops any beacon to another origin.
pub const SECURITY_HEADERS: [(&str, &str); 7] = [
    (
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; \
         connect-src 'self'; media-src 'self' blob: mediastream:; worker-src 'self' blob:; object-src 'none'; \
         base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    ),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Embedder-Policy", "require-corp"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    (
        "Permissions-Policy",
        "camera=(self), microphone=(), geolocation=()",
    ),
];

pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "ron" | "md" | "txt" => "text/plain; charset=utf-8",
        "glb" => "model/gltf-binary",
        "otf" => "font/otf",
        "ttf" => "font/ttf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "svg" => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

/// A request path as a file under `dist`, or `None` for anything that tries to leave it.
pub fn file_for(dist: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    let mut file = dist.to_path_buf();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => file.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    Some(file)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Which stored copy to send for an `Accept-Encoding` header: brotli, then gzip, else the file itself.
pub fn choose_encoding(accept_encoding: &str, file: &Path) -> (Option<&'static str>, PathBuf) {
    let accepts = |coding: &str| {
        accept_encoding.split(',').any(|part| {
            let mut fields = part.split(';');
            let name = fields.next().unwrap_or("").trim();
            let refused = fields.any(|f| f.trim().replace(' ', "") == "q=0");
            name.eq_ignore_ascii_case(coding) && !refused
        })
    };
    for (coding, suffix) in [("br", ".br"), ("gzip", ".gz")] {
        let mut name = file.as_os_str().to_owned();
        name.push(suffix);
        let candidate = PathBuf::from(name);
        if accepts(coding) && candidate.is_file() {
            return (Some(coding), candidate);
        }
    }
    (None, file.to_path_buf())
}

fn header(name: &str, value: &str) -> Result<tiny_http::Header> {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
        .map_err(|()| anyhow::anyhow!("bad header {name}"))
}

fn respond(dist: &Path, request: tiny_http::Request) -> Result<()> {
    let url = request.url().to_owned();
    let accept = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Accept-Encoding"))
        .map(|h| h.value.as_str().to_owned())
        .unwrap_or_default();
    let mut headers = Vec::new();
    for (name, value) in SECURITY_HEADERS {
        headers.push(header(name, value)?);
    }
    let file = file_for(dist, &url).filter(|f| f.is_file());
    let Some(file) = file else {
        let mut response = tiny_http::Response::from_string("not found\n").with_status_code(404);
        for h in headers {
            response.add_header(h);
        }
        response.add_header(header("Content-Type", "text/plain; charset=utf-8")?);
        return Ok(request.respond(response)?);
    };
    let (encoding, stored) = choose_encoding(&accept, &file);
    headers.push(header("Content-Type", content_type(&file))?);
    headers.push(header("Vary", "Accept-Encoding")?);
    // Revalidate every time: a rebuilt folder is seen at once (hosts with hashed names may cache for longer).
    headers.push(header("Cache-Control", "no-cache")?);
    if let Some(coding) = encoding {
        headers.push(header("Content-Encoding", coding)?);
    }
    let body = std::fs::File::open(&stored)?;
    let mut response = tiny_http::Response::from_file(body);
    for h in headers {
        response.add_header(h);
    }
    Ok(request.respond(response)?)
}

/// A running server; dropping it does not stop it (the process's end does).
pub struct Server {
    pub port: u16,
}

/// Starts serving `dist` on 127.0.0.1:`port` (0: any free port) on background threads.
pub fn start(dist: &Path, port: u16) -> Result<Server> {
    let server = tiny_http::Server::http(("127.0.0.1", port))
        .map_err(|e| anyhow::anyhow!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let port = server
        .server_addr()
        .to_ip()
        .context("the server has no IP address")?
        .port();
    let server = Arc::new(server);
    let dist = Arc::new(dist.to_path_buf());
    for _ in 0..4 {
        let server = Arc::clone(&server);
        let dist = Arc::clone(&dist);
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let url = request.url().to_owned();
                if let Err(e) = respond(&dist, request) {
                    eprintln!("serve: {url}: {e:#}");
                }
            }
        });
    }
    Ok(Server { port })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_folder() {
        let dist = Path::new("/srv/dist");
        assert_eq!(
            file_for(dist, "/assets/models/a.glb?x=1"),
            Some(PathBuf::from("/srv/dist/assets/models/a.glb"))
        );
        assert_eq!(file_for(dist, "/../etc/passwd"), None);
        assert_eq!(file_for(dist, "/%2e%2e/etc/passwd"), None);
        assert_eq!(file_for(dist, "/a/%zz"), None);
    }

    #[test]
    fn brotli_is_preferred_and_q0_refuses() {
        let dir = std::env::temp_dir().join(format!("vitrine-serve-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join("a.wasm");
        for name in ["a.wasm", "a.wasm.br", "a.wasm.gz"] {
            std::fs::write(dir.join(name), b"x").expect("write");
        }
        assert_eq!(choose_encoding("gzip, deflate, br", &file).0, Some("br"));
        assert_eq!(choose_encoding("gzip, br;q=0", &file).0, Some("gzip"));
        assert_eq!(choose_encoding("identity", &file).0, None);
        std::fs::remove_dir_all(&dir).expect("clean up");
        assert_eq!(content_type(&file), "application/wasm");
    }
}
