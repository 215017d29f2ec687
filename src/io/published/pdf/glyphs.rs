//! The glyphs of a PDF's pages with their positions, read through lopdf: the content
//! streams are interpreted here (graphics and text matrices, fonts' widths, ToUnicode
//! maps through lopdf's CMap reader), since lopdf itself only extracts plain text.

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Encoding, Object, ObjectId};

/// One glyph on a page, in points from the page's top-left corner as it is seen
/// (rotation applied).
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// The character.
    pub ch: char,
    /// Left edge.
    pub x: f32,
    /// Baseline, downwards from the top.
    pub y: f32,
    /// Advance width.
    pub w: f32,
    /// Font size as drawn.
    pub size: f32,
    /// Written top to bottom (a vertical font) or not left to right (rotated text).
    pub vertical: bool,
}

/// A straight line drawn on a page (a table's border), horizontal or vertical, in the
/// same coordinates as the glyphs: from (x0, y0) to (x1, y1), x0 <= x1 and y0 <= y1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rule {
    /// Whether it runs across the page.
    pub fn horizontal(&self) -> bool {
        self.y1 - self.y0 <= self.x1 - self.x0
    }
}

/// A page's glyphs, its ruled lines, how many images it draws, and its height.
pub struct Page {
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    pub images: usize,
    pub height: f32,
}

/// Most ruled lines kept for a page.
const MAX_RULES: usize = 20_000;
/// A filled rectangle this thin (points) is a drawn line.
const RULE_THICKNESS: f32 = 2.5;

/// Why the glyphs could not be read.
#[derive(Debug)]
pub enum Failure {
    /// Needs a password.
    Encrypted,
    /// More pages than [`MAX_PAGES`].
    TooManyPages,
    /// More glyphs than [`MAX_GLYPHS`] or content operations than [`MAX_OPERATIONS`].
    TooMuchText,
    /// lopdf could not read the file.
    Damaged(String),
}

/// Most pages read: a report has a few dozen at most.
pub const MAX_PAGES: usize = 200;
/// Most glyphs read in a document (a dense page holds about 2,000).
pub const MAX_GLYPHS: usize = 500_000;
/// Most content-stream operations interpreted in a document, forms included.
pub const MAX_OPERATIONS: usize = 3_000_000;
/// Most bytes any one stream may inflate to, and all page content together.
const MAX_STREAM_BYTES: usize = 32 * 1024 * 1024;
/// Forms drawn inside forms, at most.
const MAX_FORM_DEPTH: usize = 8;
/// q without Q, at most.
const MAX_SAVED_STATES: usize = 256;

/// The glyphs of every page.
pub fn pages(bytes: &[u8]) -> Result<Vec<Page>, Failure> {
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..Default::default()
    };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|e| match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => Failure::Encrypted,
        e => Failure::Damaged(e.to_string()),
    })?;
    if doc.is_encrypted() && doc.encryption_state.is_none() {
        return Err(Failure::Encrypted);
    }
    let ids: Vec<ObjectId> = doc.page_iter().take(MAX_PAGES + 1).collect();
    if ids.len() > MAX_PAGES {
        return Err(Failure::TooManyPages);
    }
    let mut budget = Budget {
        glyphs: MAX_GLYPHS,
        operations: MAX_OPERATIONS,
        content_bytes: MAX_STREAM_BYTES,
    };
    let mut fonts = HashMap::new();
    ids.into_iter()
        .map(|id| page(&doc, id, &mut budget, &mut fonts))
        .collect()
}

/// What is left to read.
struct Budget {
    glyphs: usize,
    operations: usize,
    content_bytes: usize,
}

/// A 2-D affine matrix [a b c d e f].
#[derive(Debug, Clone, Copy, PartialEq)]
struct Matrix([f32; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn translate(x: f32, y: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }

    /// `self` then `then` (row vectors: p · self · then).
    fn then(self, then: Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = then.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    fn apply(self, x: f32, y: f32) -> (f32, f32) {
        let [a, b, c, d, e, f] = self.0;
        (x * a + y * c + e, x * b + y * d + f)
    }
}

fn number(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
    .filter(|v| v.is_finite())
}

fn numbers<const N: usize>(operands: &[Object]) -> Option<[f32; N]> {
    let mut out = [0.0; N];
    if operands.len() < N {
        return None;
    }
    for (o, v) in operands[operands.len() - N..].iter().zip(out.iter_mut()) {
        *v = number(o)?;
    }
    Some(out)
}

/// What the text operators need of a font.
struct Font<'d> {
    /// Codes of two bytes (a composite font), or one byte, or one or two (GBK-like CMaps).
    code_bytes: CodeBytes,
    vertical: bool,
    /// Advance widths by code (thousandths of the font size).
    widths: HashMap<u32, f32>,
    default_width: f32,
    decode: Decoder<'d>,
}

#[derive(Clone, Copy, PartialEq)]
enum CodeBytes {
    One,
    Two,
    /// One byte below 0x81, else two (the GBK and EUC-CN CMaps).
    Gbk,
}

enum Decoder<'d> {
    /// A ToUnicode or built-in map, read through lopdf.
    Map(Encoding<'d>),
    /// UTF-16 codes (UniGB-UCS2-H and kin).
    Utf16,
    /// GBK codes with no ToUnicode map.
    Gbk,
    /// Nothing known: read as Latin-1.
    Latin1,
}

impl<'d> Font<'d> {
    fn read(doc: &'d Document, dict: &'d Dictionary) -> Font<'d> {
        let subtype = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let encoding_name = dict
            .get_deref(b"Encoding", doc)
            .and_then(Object::as_name)
            .unwrap_or(b"")
            .to_vec();
        let has_to_unicode = dict
            .get_deref(b"ToUnicode", doc)
            .and_then(Object::as_stream)
            .is_ok();
        if subtype == b"Type0" {
            let name = String::from_utf8_lossy(&encoding_name).into_owned();
            let vertical = name.ends_with("-V");
            let ucs2 = name.starts_with("Uni") && (name.contains("UCS2") || name.contains("UTF16"));
            let code_bytes = if name.starts_with("Identity") || ucs2 || name.is_empty() {
                CodeBytes::Two
            } else {
                CodeBytes::Gbk
            };
            let descendant = dict
                .get_deref(b"DescendantFonts", doc)
                .and_then(Object::as_array)
                .ok()
                .and_then(|a| a.first())
                .and_then(|o| match o {
                    Object::Reference(id) => doc.get_dictionary(*id).ok(),
                    Object::Dictionary(d) => Some(d),
                    _ => None,
                });
            let (widths, default_width) = descendant
                .map(|d| cid_widths(doc, d))
                .unwrap_or_else(|| (HashMap::new(), 1000.0));
            let decode = if has_to_unicode {
                to_unicode(doc, dict)
            } else if ucs2 {
                Decoder::Utf16
            } else if code_bytes == CodeBytes::Gbk {
                Decoder::Gbk
            } else {
                Decoder::Latin1
            };
            Font {
                code_bytes,
                vertical,
                widths,
                default_width,
                decode,
            }
        } else {
            let first = dict.get(b"FirstChar").ok().and_then(number).unwrap_or(0.0) as u32;
            let widths = dict
                .get_deref(b"Widths", doc)
                .and_then(Object::as_array)
                .map(|a| {
                    a.iter()
                        .enumerate()
                        .filter_map(|(i, o)| {
                            Some((first.saturating_add(i as u32), deref_number(doc, o)?))
                        })
                        .collect()
                })
                .unwrap_or_default();
            let decode = if has_to_unicode {
                to_unicode(doc, dict)
            } else {
                match dict.get_font_encoding(doc) {
                    Ok(e) => Decoder::Map(e),
                    Err(_) => Decoder::Latin1,
                }
            };
            Font {
                code_bytes: CodeBytes::One,
                vertical: false,
                widths,
                default_width: 500.0,
                decode,
            }
        }
    }

    /// Splits a string into codes.
    fn codes(&self, bytes: &[u8]) -> Vec<(u32, u8)> {
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let two = match self.code_bytes {
                CodeBytes::One => false,
                CodeBytes::Two => true,
                CodeBytes::Gbk => bytes[i] >= 0x81,
            } && i + 1 < bytes.len();
            if two {
                out.push((u32::from(bytes[i]) << 8 | u32::from(bytes[i + 1]), 2));
                i += 2;
            } else {
                out.push((u32::from(bytes[i]), 1));
                i += 1;
            }
        }
        out
    }

    fn text(&self, code: u32, len: u8) -> String {
        let bytes: Vec<u8> = if len == 2 {
            vec![(code >> 8) as u8, code as u8]
        } else {
            vec![code as u8]
        };
        match &self.decode {
            Decoder::Map(e) => e.bytes_to_string(&bytes).unwrap_or_default(),
            Decoder::Utf16 => char::from_u32(code).map(String::from).unwrap_or_default(),
            Decoder::Gbk => encoding_rs::GBK
                .decode_without_bom_handling(&bytes)
                .0
                .into_owned(),
            Decoder::Latin1 => bytes.iter().map(|&b| char::from(b)).collect(),
        }
    }

    fn width(&self, code: u32) -> f32 {
        self.widths
            .get(&code)
            .copied()
            .unwrap_or(self.default_width)
    }
}

/// The /ActualText of a marked-content property list.
fn actual_text(d: &Dictionary) -> Option<String> {
    d.get(b"ActualText")
        .ok()
        .and_then(|o| lopdf::decode_text_string(o).ok())
}

/// The encoding lopdf reads from the ToUnicode map of a font (the font's /Encoding set
/// aside, so that lopdf does not take a CMap name for the text's encoding).
fn to_unicode(doc: &Document, dict: &Dictionary) -> Decoder<'static> {
    let mut plain = dict.clone();
    plain.remove(b"Encoding");
    match plain.get_font_encoding_with_limit(doc, MAX_STREAM_BYTES) {
        Ok(Encoding::UnicodeMapEncoding(m)) => Decoder::Map(Encoding::UnicodeMapEncoding(m)),
        _ => Decoder::Latin1,
    }
}

fn deref_number(doc: &Document, o: &Object) -> Option<f32> {
    match o {
        Object::Reference(id) => doc.get_object(*id).ok().and_then(number),
        o => number(o),
    }
}

/// Most widths kept for a font (a CJK font has some 30,000 glyphs).
const MAX_WIDTHS: usize = 70_000;

/// /W and /DW of a CID font.
fn cid_widths(doc: &Document, d: &Dictionary) -> (HashMap<u32, f32>, f32) {
    let dw = d
        .get(b"DW")
        .ok()
        .and_then(|o| deref_number(doc, o))
        .unwrap_or(1000.0);
    let mut widths = HashMap::new();
    let Ok(w) = d.get_deref(b"W", doc).and_then(Object::as_array) else {
        return (widths, dw);
    };
    let mut i = 0;
    while i < w.len() && widths.len() < MAX_WIDTHS {
        let Some(first) = deref_number(doc, &w[i]) else {
            break;
        };
        let first = first.max(0.0) as u32;
        match w.get(i + 1) {
            Some(Object::Array(list)) => {
                for (k, o) in list.iter().enumerate().take(MAX_WIDTHS) {
                    if let Some(v) = deref_number(doc, o) {
                        widths.insert(first.saturating_add(k as u32), v);
                    }
                }
                i += 2;
            }
            Some(o) => {
                let last = deref_number(doc, o).unwrap_or(0.0).max(0.0) as u32;
                let Some(v) = w.get(i + 2).and_then(|o| deref_number(doc, o)) else {
                    break;
                };
                let room = (MAX_WIDTHS - widths.len()) as u32;
                for c in first..=last.min(first.saturating_add(room)) {
                    widths.insert(c, v);
                }
                i += 3;
            }
            None => break,
        }
    }
    (widths, dw)
}

/// The resource dictionaries in force, nearest first.
#[derive(Clone)]
struct Resources<'d> {
    dicts: Vec<&'d Dictionary>,
}

impl<'d> Resources<'d> {
    fn of_page(doc: &'d Document, page: ObjectId) -> Resources<'d> {
        let mut dicts = Vec::new();
        if let Ok((own, ids)) = doc.get_page_resources(page) {
            dicts.extend(own);
            dicts.extend(ids.into_iter().filter_map(|id| doc.get_dictionary(id).ok()));
        }
        Resources { dicts }
    }

    /// Entry `name` of the sub-dictionary `kind` (/Font, /XObject).
    fn lookup(
        &self,
        doc: &'d Document,
        kind: &[u8],
        name: &[u8],
    ) -> Option<(Option<ObjectId>, &'d Object)> {
        self.dicts.iter().find_map(|d| {
            let sub = d.get_deref(kind, doc).and_then(Object::as_dict).ok()?;
            match sub.get(name).ok()? {
                Object::Reference(id) => Some((Some(*id), doc.get_object(*id).ok()?)),
                o => Some((None, o)),
            }
        })
    }
}

/// The graphics state that q and Q save and restore (with the text state's parameters).
#[derive(Clone)]
struct GState<'d> {
    ctm: Matrix,
    font: Option<Rc<Font<'d>>>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    scale: f32,
    leading: f32,
    rise: f32,
}

/// Reads one page's glyphs.
struct PageReader<'d, 'b> {
    doc: &'d Document,
    budget: &'b mut Budget,
    /// Fonts read so far, by object (shared by the pages).
    fonts: &'b mut HashMap<ObjectId, Rc<Font<'d>>>,
    /// User space to the page as seen (top-left origin, y downwards).
    view: Matrix,
    glyphs: Vec<Glyph>,
    rules: Vec<Rule>,
    /// Images drawn.
    images: usize,
    /// The path being built: its segments, in page coordinates, and where it stands.
    path: Vec<((f32, f32), (f32, f32))>,
    /// Rectangles of the path being built (filled thin ones are lines).
    rects: Vec<[(f32, f32); 4]>,
    start: (f32, f32),
    point: (f32, f32),
}

fn page<'d>(
    doc: &'d Document,
    id: ObjectId,
    budget: &mut Budget,
    fonts: &mut HashMap<ObjectId, Rc<Font<'d>>>,
) -> Result<Page, Failure> {
    let (view, height) = view_matrix(doc, id);
    let content = doc
        .get_page_content_with_limit(id, budget.content_bytes)
        .map_err(|_| Failure::TooMuchText)?;
    budget.content_bytes = budget.content_bytes.saturating_sub(content.len());
    let mut reader = PageReader {
        doc,
        budget,
        fonts,
        view,
        glyphs: Vec::new(),
        rules: Vec::new(),
        images: 0,
        path: Vec::new(),
        rects: Vec::new(),
        start: (0.0, 0.0),
        point: (0.0, 0.0),
    };
    let state = GState {
        ctm: Matrix::IDENTITY,
        font: None,
        size: 0.0,
        char_spacing: 0.0,
        word_spacing: 0.0,
        scale: 1.0,
        leading: 0.0,
        rise: 0.0,
    };
    reader.run(&content, &Resources::of_page(doc, id), state, 0)?;
    Ok(Page {
        glyphs: reader.glyphs,
        rules: reader.rules,
        images: reader.images,
        height,
    })
}

/// The page's box and rotation as a matrix from user space to the page as seen.
fn view_matrix(doc: &Document, page: ObjectId) -> (Matrix, f32) {
    let mut media = [0.0, 0.0, 612.0, 792.0];
    let mut rotate = 0i64;
    let mut found_box = false;
    let mut found_rotate = false;
    let mut node = doc.get_dictionary(page).ok();
    // The box and rotation may be inherited from the page tree.
    for _ in 0..32 {
        let Some(d) = node else { break };
        if !found_box
            && let Ok(a) = d.get_deref(b"MediaBox", doc).and_then(Object::as_array)
            && a.len() == 4
            && let Some(v) = a
                .iter()
                .map(|o| deref_number(doc, o))
                .collect::<Option<Vec<f32>>>()
        {
            media = [
                v[0].min(v[2]),
                v[1].min(v[3]),
                v[0].max(v[2]),
                v[1].max(v[3]),
            ];
            found_box = true;
        }
        if !found_rotate && let Ok(r) = d.get_deref(b"Rotate", doc).and_then(Object::as_i64) {
            rotate = r;
            found_rotate = true;
        }
        node = d
            .get(b"Parent")
            .and_then(Object::as_reference)
            .and_then(|p| doc.get_dictionary(p))
            .ok();
    }
    let [x0, y0, x1, y1] = media;
    match rotate.rem_euclid(360) {
        90 => (Matrix([0.0, 1.0, 1.0, 0.0, -y0, -x0]), x1 - x0),
        180 => (Matrix([-1.0, 0.0, 0.0, 1.0, x1, -y0]), y1 - y0),
        270 => (Matrix([0.0, -1.0, -1.0, 0.0, y1, x1]), x1 - x0),
        _ => (Matrix([1.0, 0.0, 0.0, -1.0, -x0, y1]), y1 - y0),
    }
}

impl<'d> PageReader<'d, '_> {
    fn font(&mut self, resources: &Resources<'d>, name: &[u8]) -> Option<Rc<Font<'d>>> {
        let (id, object) = resources.lookup(self.doc, b"Font", name)?;
        let dict = object.as_dict().ok()?;
        if let Some(id) = id
            && let Some(f) = self.fonts.get(&id)
        {
            return Some(f.clone());
        }
        let font = Rc::new(Font::read(self.doc, dict));
        if let Some(id) = id {
            self.fonts.insert(id, font.clone());
        }
        Some(font)
    }

    fn run(
        &mut self,
        content: &[u8],
        resources: &Resources<'d>,
        mut gs: GState<'d>,
        depth: usize,
    ) -> Result<(), Failure> {
        let mut stack: Vec<GState<'d>> = Vec::new();
        let mut tm = Matrix::IDENTITY;
        let mut tlm = Matrix::IDENTITY;
        // Open marked-content sequences: the replacement text of each (/ActualText) and
        // the first glyph drawn inside it.
        let mut marked: Vec<Option<(String, usize)>> = Vec::new();
        for op in Content::decode_iter(content) {
            // A damaged stream ends where it cannot be read; what came before stands.
            let Ok(op) = op else { break };
            if self.budget.operations == 0 {
                return Err(Failure::TooMuchText);
            }
            self.budget.operations -= 1;
            let o = &op.operands;
            match op.operator.as_str() {
                "q" if stack.len() < MAX_SAVED_STATES => stack.push(gs.clone()),
                "Q" => {
                    if let Some(s) = stack.pop() {
                        gs = s;
                    }
                }
                "cm" => {
                    if let Some(m) = numbers::<6>(o) {
                        gs.ctm = Matrix(m).then(gs.ctm);
                    }
                }
                "BT" => {
                    tm = Matrix::IDENTITY;
                    tlm = Matrix::IDENTITY;
                }
                "Tf" => {
                    if let (Some(Object::Name(name)), Some(size)) =
                        (o.first(), o.get(1).and_then(number))
                    {
                        gs.font = self.font(resources, name);
                        gs.size = size;
                    }
                }
                "Tc" => gs.char_spacing = numbers::<1>(o).map_or(gs.char_spacing, |[v]| v),
                "Tw" => gs.word_spacing = numbers::<1>(o).map_or(gs.word_spacing, |[v]| v),
                "Tz" => gs.scale = numbers::<1>(o).map_or(gs.scale, |[v]| v / 100.0),
                "TL" => gs.leading = numbers::<1>(o).map_or(gs.leading, |[v]| v),
                "Ts" => gs.rise = numbers::<1>(o).map_or(gs.rise, |[v]| v),
                "Td" | "TD" => {
                    if let Some([x, y]) = numbers::<2>(o) {
                        if op.operator == "TD" {
                            gs.leading = -y;
                        }
                        tlm = Matrix::translate(x, y).then(tlm);
                        tm = tlm;
                    }
                }
                "Tm" => {
                    if let Some(m) = numbers::<6>(o) {
                        tlm = Matrix(m);
                        tm = tlm;
                    }
                }
                "T*" => {
                    tlm = Matrix::translate(0.0, -gs.leading).then(tlm);
                    tm = tlm;
                }
                "Tj" | "'" | "\"" => {
                    if op.operator != "Tj" {
                        if op.operator == "\""
                            && let Some([aw, ac]) = o.get(..2).and_then(numbers::<2>)
                        {
                            gs.word_spacing = aw;
                            gs.char_spacing = ac;
                        }
                        tlm = Matrix::translate(0.0, -gs.leading).then(tlm);
                        tm = tlm;
                    }
                    if let Some(Object::String(s, _)) = o.last() {
                        self.show(&gs, &mut tm, s)?;
                    }
                }
                "TJ" => {
                    if let Some(Object::Array(items)) = o.first() {
                        for item in items {
                            match item {
                                Object::String(s, _) => self.show(&gs, &mut tm, s)?,
                                other => {
                                    if let Some(n) = number(other) {
                                        let shift = -n / 1000.0 * gs.size;
                                        let vertical = gs.font.as_ref().is_some_and(|f| f.vertical);
                                        tm = if vertical {
                                            Matrix::translate(0.0, shift)
                                        } else {
                                            Matrix::translate(shift * gs.scale, 0.0)
                                        }
                                        .then(tm);
                                    }
                                }
                            }
                        }
                    }
                }
                "BMC" | "BDC" if marked.len() < MAX_SAVED_STATES => {
                    let text = match o.get(1) {
                        Some(Object::Dictionary(d)) => actual_text(d),
                        Some(Object::Name(n)) => resources
                            .lookup(self.doc, b"Properties", n)
                            .and_then(|(_, p)| p.as_dict().ok())
                            .and_then(actual_text),
                        _ => None,
                    };
                    marked.push(text.map(|t| (t, self.glyphs.len())));
                }
                "EMC" => {
                    if let Some(Some((text, start))) = marked.pop() {
                        self.replace(start, &text);
                    }
                }
                "m" => {
                    if let Some([x, y]) = numbers::<2>(o) {
                        self.point = self.to_page(&gs, x, y);
                        self.start = self.point;
                    }
                }
                "l" => {
                    if let Some([x, y]) = numbers::<2>(o) {
                        let to = self.to_page(&gs, x, y);
                        self.segment(self.point, to);
                        self.point = to;
                    }
                }
                "c" | "v" | "y" => {
                    // Curves are no table borders: only where they end matters.
                    if let Some([x, y]) = numbers::<2>(o) {
                        self.point = self.to_page(&gs, x, y);
                    }
                }
                "h" => {
                    self.segment(self.point, self.start);
                    self.point = self.start;
                }
                "re" => {
                    if let Some([x, y, w, h]) = numbers::<4>(o) {
                        let corners = [
                            self.to_page(&gs, x, y),
                            self.to_page(&gs, x + w, y),
                            self.to_page(&gs, x + w, y + h),
                            self.to_page(&gs, x, y + h),
                        ];
                        if self.rects.len() < MAX_RULES {
                            self.rects.push(corners);
                        }
                        for k in 0..4 {
                            self.segment(corners[k], corners[(k + 1) % 4]);
                        }
                        self.point = corners[0];
                        self.start = corners[0];
                    }
                }
                "S" | "s" | "B" | "B*" | "b" | "b*" => self.paint(true),
                "f" | "F" | "f*" => self.paint(false),
                "n" => {
                    self.path.clear();
                    self.rects.clear();
                }
                "BI" => self.images += 1,
                "Do" if depth < MAX_FORM_DEPTH => {
                    if let Some(Object::Name(name)) = o.first() {
                        self.form(resources, name, &gs, depth)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Draws a form XObject.
    fn form(
        &mut self,
        resources: &Resources<'d>,
        name: &[u8],
        gs: &GState<'d>,
        depth: usize,
    ) -> Result<(), Failure> {
        let Some((_, object)) = resources.lookup(self.doc, b"XObject", name) else {
            return Ok(());
        };
        let Ok(stream) = object.as_stream() else {
            return Ok(());
        };
        match stream.dict.get(b"Subtype").and_then(Object::as_name).ok() {
            Some(b"Form") => {}
            Some(b"Image") => {
                self.images += 1;
                return Ok(());
            }
            _ => return Ok(()),
        }
        let content = match stream.filters() {
            Ok(f) if !f.is_empty() => {
                match stream.decompressed_content_with_limit(self.budget.content_bytes) {
                    Ok(c) => c,
                    Err(lopdf::Error::Decompress(
                        lopdf::DecompressError::MemoryLimitExceeded { .. },
                    )) => return Err(Failure::TooMuchText),
                    // A form that cannot be inflated draws nothing.
                    Err(_) => return Ok(()),
                }
            }
            _ => stream.content.clone(),
        };
        self.budget.content_bytes = self.budget.content_bytes.saturating_sub(content.len());
        let mut inner = gs.clone();
        if let Ok(m) = stream.dict.get(b"Matrix").and_then(Object::as_array)
            && let Some(m) = numbers::<6>(m)
        {
            inner.ctm = Matrix(m).then(gs.ctm);
        }
        let own = stream
            .dict
            .get_deref(b"Resources", self.doc)
            .and_then(Object::as_dict)
            .ok();
        let resources = match own {
            Some(d) => {
                let mut r = resources.clone();
                r.dicts.insert(0, d);
                r
            }
            None => resources.clone(),
        };
        self.run(&content, &resources, inner, depth + 1)
    }

    /// A point of user space on the page as seen.
    fn to_page(&self, gs: &GState<'d>, x: f32, y: f32) -> (f32, f32) {
        gs.ctm.then(self.view).apply(x, y)
    }

    /// Adds a segment to the path being built.
    fn segment(&mut self, a: (f32, f32), b: (f32, f32)) {
        if self.path.len() < MAX_RULES {
            self.path.push((a, b));
        }
    }

    /// Paints the path: its straight horizontal and vertical segments, when stroked,
    /// and its thin rectangles, when filled, are ruled lines.
    fn paint(&mut self, stroke: bool) {
        let path = std::mem::take(&mut self.path);
        let rects = std::mem::take(&mut self.rects);
        let mut add = |a: (f32, f32), b: (f32, f32)| {
            let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
            let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
            let straight = (y1 - y0 <= 0.5 && x1 - x0 > 1.0) || (x1 - x0 <= 0.5 && y1 - y0 > 1.0);
            if straight && x0.is_finite() && y0.is_finite() && self.rules.len() < MAX_RULES {
                self.rules.push(Rule { x0, y0, x1, y1 });
            }
        };
        if stroke {
            for (a, b) in path {
                add(a, b);
            }
        } else {
            for r in rects {
                let xs = r.map(|p| p.0);
                let ys = r.map(|p| p.1);
                let (x0, x1) = (
                    xs.iter().copied().fold(f32::INFINITY, f32::min),
                    xs.iter().copied().fold(f32::NEG_INFINITY, f32::max),
                );
                let (y0, y1) = (
                    ys.iter().copied().fold(f32::INFINITY, f32::min),
                    ys.iter().copied().fold(f32::NEG_INFINITY, f32::max),
                );
                if y1 - y0 <= RULE_THICKNESS && x1 - x0 > y1 - y0 {
                    let y = 0.5 * (y0 + y1);
                    add((x0, y), (x1, y));
                } else if x1 - x0 <= RULE_THICKNESS && y1 - y0 > x1 - x0 {
                    let x = 0.5 * (x0 + x1);
                    add((x, y0), (x, y1));
                }
            }
        }
    }

    /// The glyphs drawn from `start` on stand for `text` (a marked-content sequence's
    /// /ActualText: what a font with no Unicode for its glyphs, or a fallback glyph,
    /// means): its characters take their place, spread over the space they took.
    fn replace(&mut self, start: usize, text: &str) {
        let chars: Vec<char> = text.chars().filter(|c| !c.is_control()).collect();
        let Some(first) = self.glyphs.get(start).cloned() else {
            return;
        };
        if chars.is_empty() || chars.len() > self.budget.glyphs {
            return;
        }
        let drawn = &self.glyphs[start..];
        let (x0, x1) = drawn
            .iter()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), g| {
                (a.min(g.x), b.max(g.x + g.w))
            });
        let each = (x1 - x0) / chars.len() as f32;
        let replaced: Vec<Glyph> = chars
            .into_iter()
            .enumerate()
            .map(|(k, ch)| Glyph {
                ch,
                x: x0 + each * k as f32,
                w: each,
                ..first.clone()
            })
            .collect();
        self.budget.glyphs = self.budget.glyphs.saturating_sub(replaced.len());
        self.glyphs.truncate(start);
        self.glyphs.extend(replaced);
    }

    /// Shows a string: one glyph per code, advancing the text matrix.
    fn show(&mut self, gs: &GState<'d>, tm: &mut Matrix, bytes: &[u8]) -> Result<(), Failure> {
        let Some(font) = gs.font.clone() else {
            return Ok(());
        };
        for (code, len) in font.codes(bytes) {
            let w0 = font.width(code) / 1000.0;
            let trm = Matrix([gs.size * gs.scale, 0.0, 0.0, gs.size, 0.0, gs.rise])
                .then(*tm)
                .then(gs.ctm)
                .then(self.view);
            let (x, y) = trm.apply(0.0, 0.0);
            let (ax, ay) = trm.apply(
                if font.vertical { 0.0 } else { w0 },
                if font.vertical { -1.0 } else { 0.0 },
            );
            let (ux, uy) = trm.apply(0.0, 1.0);
            let (dx, dy) = (ax - x, ay - y);
            let size = ((ux - x).powi(2) + (uy - y).powi(2)).sqrt();
            let advance = (dx * dx + dy * dy).sqrt();
            let vertical = font.vertical || dy.abs() > dx.abs() || dx < 0.0;
            let text = font.text(code, len);
            let chars: Vec<char> = text.chars().filter(|c| !c.is_control()).collect();
            if !chars.is_empty() && x.is_finite() && y.is_finite() {
                if self.budget.glyphs < chars.len() {
                    return Err(Failure::TooMuchText);
                }
                self.budget.glyphs -= chars.len();
                let each = if font.vertical { size } else { advance } / chars.len() as f32;
                for (k, ch) in chars.into_iter().enumerate() {
                    self.glyphs.push(Glyph {
                        ch,
                        x: if font.vertical {
                            x
                        } else {
                            x + each * k as f32
                        },
                        y: if font.vertical {
                            y + each * k as f32
                        } else {
                            y
                        },
                        w: each,
                        size,
                        vertical,
                    });
                }
            }
            let space = if len == 1 && code == 32 {
                gs.word_spacing
            } else {
                0.0
            };
            *tm = if font.vertical {
                Matrix::translate(0.0, -gs.size + gs.char_spacing)
            } else {
                Matrix::translate((w0 * gs.size + gs.char_spacing + space) * gs.scale, 0.0)
            }
            .then(*tm);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-page PDF: `page` is the page dictionary's extra entries, `content` its
    /// content stream, with Helvetica as /F1.
    fn tiny(page: &str, content: &str) -> Vec<u8> {
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
            "<< /Type /Pages /Count 1 /Kids [3 0 R] >>".to_owned(),
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R \
                 /Resources << /Font << /F1 5 0 R >> >> {page} >>"
            ),
            format!(
                "<< /Length {} >>\nstream\n{content}\nendstream",
                content.len()
            ),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 65 \
             /Widths [600 700] /Encoding /WinAnsiEncoding >>"
                .to_owned(),
        ];
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
        for o in offsets {
            out.extend(format!("{o:010} 00000 n \n").bytes());
        }
        out.extend(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .bytes(),
        );
        out
    }

    fn at(g: &Glyph) -> (char, i32, i32, i32) {
        (
            g.ch,
            g.x.round() as i32,
            g.y.round() as i32,
            g.w.round() as i32,
        )
    }

    /// Positions come from the text and graphics matrices and the font's widths, and
    /// y counts down from the top of the page; a TJ adjustment moves the next glyph.
    #[test]
    fn glyphs_stand_where_the_matrices_put_them() {
        let pdf = tiny(
            "",
            "q 2 0 0 2 0 0 cm BT /F1 10 Tf 30 300 Td (AB) Tj [(A) -1000 (B)] TJ ET Q",
        );
        let pages = pages(&pdf).expect("reads");
        let g: Vec<_> = pages[0].glyphs.iter().map(at).collect();
        // Scaled by 2: A at (60, 800 - 600), 12 wide; B 14 wide; then A, a 20-point
        // shift (1000/1000 × 10 × 2), B.
        assert_eq!(
            g,
            vec![
                ('A', 60, 200, 12),
                ('B', 72, 200, 14),
                ('A', 86, 200, 12),
                ('B', 118, 200, 14)
            ]
        );
        assert_eq!(pages[0].height, 800.0);
    }

    /// A page turned a quarter (`/Rotate 90`) is read as it is seen: text running up the
    /// page in user space runs left to right.
    #[test]
    fn a_rotated_page_is_read_as_seen() {
        let pdf = tiny("/Rotate 90", "BT /F1 10 Tf 0 1 -1 0 500 100 Tm (AB) Tj ET");
        let pages = pages(&pdf).expect("reads");
        let g = &pages[0].glyphs;
        assert_eq!(g.len(), 2);
        assert!(!g[0].vertical && !g[1].vertical, "{g:?}");
        assert!(g[1].x > g[0].x && (g[1].y - g[0].y).abs() < 0.01, "{g:?}");
        assert_eq!(pages[0].height, 600.0);
    }

    /// Straight stroked lines and thin filled rectangles are ruled lines; a clipping
    /// rectangle is not.
    #[test]
    fn ruled_lines_are_kept() {
        let pdf = tiny(
            "",
            "10 10 m 200 10 l S 50 20 0.5 100 re f 0 0 600 800 re W n",
        );
        let rules = pages(&pdf).expect("reads").remove(0).rules;
        assert_eq!(rules.len(), 2, "{rules:?}");
        assert!(rules[0].horizontal() && !rules[1].horizontal());
    }

    /// Glyphs drawn inside a marked-content sequence with /ActualText stand for that
    /// text (LibreOffice draws a character its font lacks as a box, so marked).
    #[test]
    fn actual_text_replaces_what_was_drawn() {
        let pdf = tiny(
            "",
            "BT /F1 10 Tf 30 300 Td /Span <</ActualText <FEFF89C47AE0>>> BDC (AB) Tj EMC (A) Tj ET",
        );
        let g: Vec<char> = pages(&pdf).expect("reads")[0]
            .glyphs
            .iter()
            .map(|g| g.ch)
            .collect();
        assert_eq!(g, vec!['规', '章', 'A']);
    }
}
