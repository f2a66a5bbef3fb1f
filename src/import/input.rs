//! Import inputs: files or stdin, plain, gzip or bzip2, read as a stream.

use std::io::{BufRead, BufReader, Read};

/// What an input holds, from its first byte that is not white space.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// `[` then one JSON value per line (Wikidata's JSON dumps): streamed line by line.
    Lines,
    /// One JSON document (`Special:EntityData`, SPARQL results): read whole.
    Document,
}

/// `path` (`-`: stdin), decompressed by its magic bytes (gzip `1f 8b`, bzip2 `BZh`), with
/// the shape of what it holds.
pub fn open(path: &str) -> std::io::Result<(Shape, Box<dyn BufRead + Send>)> {
    let raw: Box<dyn Read + Send> = match path {
        "-" => Box::new(std::io::stdin()),
        _ => Box::new(std::fs::File::open(path)?),
    };
    let mut raw = BufReader::with_capacity(1 << 20, raw);
    let magic = raw.fill_buf()?.to_vec();
    let inner: Box<dyn Read + Send> = if magic.starts_with(&[0x1f, 0x8b]) {
        Box::new(flate2::read::MultiGzDecoder::new(raw))
    } else if magic.starts_with(b"BZh") {
        Box::new(bzip2::read::MultiBzDecoder::new(raw))
    } else {
        Box::new(raw)
    };
    let mut reader = BufReader::with_capacity(1 << 20, inner);
    let shape = loop {
        let buf = reader.fill_buf()?;
        let Some(&first) = buf.iter().find(|b| !b.is_ascii_whitespace()) else {
            if buf.is_empty() {
                break Shape::Document;
            }
            let n = buf.len();
            reader.consume(n);
            continue;
        };
        break if first == b'[' {
            Shape::Lines
        } else {
            Shape::Document
        };
    };
    Ok((shape, Box::new(reader)))
}

/// Reads up to `n` lines of a dump that hold an entity (the array's brackets and the
/// commas that end its lines left out); an empty batch at the end.
pub fn batch(
    reader: &mut dyn BufRead,
    n: usize,
    line_no: &mut usize,
) -> std::io::Result<Vec<(usize, String)>> {
    let mut out = Vec::with_capacity(n);
    let mut line = String::new();
    while out.len() < n {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            break;
        }
        *line_no += 1;
        let entity = line.trim().trim_end_matches(',');
        if entity.is_empty() || entity == "[" || entity == "]" {
            continue;
        }
        out.push((*line_no, entity.to_string()));
    }
    Ok(out)
}
