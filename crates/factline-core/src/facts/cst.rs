//! A compact syntax tree of a `.facts` file: its named nodes, with kinds and fields as in the grammar.
//!
//! The loader reads this, not tree-sitter's tree: one vector per file, freed at once, walked
//! without cursors. It comes either from tree-sitter's tree ([`Cst::from_tree_sitter`], the
//! path that explains syntax errors) or straight from the text ([`super::reader`], the fast
//! path for files without any); both give the same tree for the same valid file.

use super::syntax::language;
use std::num::NonZeroU16;
use std::sync::OnceLock;
use tree_sitter::Language;

const NONE: u32 = u32::MAX;
/// The bit of [`Data::field`] that marks a missing node (grammars have far fewer fields).
const MISSING: u16 = 1 << 15;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Data {
    pub kind: u16,
    /// The field this node fills in its parent (0: none), and [`MISSING`] for a node
    /// tree-sitter inserted: packed, a node is 20 bytes (a million-statement file has
    /// twelve million nodes).
    pub field: u16,
    pub start: u32,
    pub end: u32,
    pub first_child: u32,
    pub next_sibling: u32,
}

/// Named nodes in pre-order; node 0 is the root.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cst {
    pub(crate) nodes: Vec<Data>,
    /// The root's children. Reached through `next_sibling`, each is a load that waits for
    /// the one before (80 ns apiece, a tenth of a second in a million-item file); from
    /// this list they are independent loads.
    items: Vec<u32>,
}

/// A node of a [`Cst`]: what the loader needs of tree-sitter's `Node`, and no more.
#[derive(Clone, Copy, Debug)]
pub struct Node<'t> {
    cst: &'t Cst,
    id: u32,
}

impl Cst {
    /// The named nodes of tree-sitter's tree, with the field each fills.
    pub fn from_tree_sitter(tree: &tree_sitter::Tree) -> Cst {
        let mut b = Builder::default();
        let mut cursor = tree.walk();
        let root = cursor.node();
        b.open(root.kind_id(), 0, root.start_byte(), root.is_missing());
        if cursor.goto_first_child() {
            loop {
                let node = cursor.node();
                let named = node.is_named();
                if named {
                    let field = cursor.field_id().map_or(0, NonZeroU16::get);
                    b.open(node.kind_id(), field, node.start_byte(), node.is_missing());
                }
                // Named nodes' children are kept; an anonymous node has none worth keeping.
                if named && cursor.goto_first_child() {
                    continue;
                }
                if named {
                    b.close(node.end_byte());
                }
                while !cursor.goto_next_sibling() {
                    if !cursor.goto_parent() {
                        break;
                    }
                    b.close(cursor.node().end_byte());
                }
                if cursor.node() == root {
                    break;
                }
            }
        }
        b.finish(root.end_byte())
    }

    /// The root node.
    pub fn root(&self) -> Node<'_> {
        Node { cst: self, id: 0 }
    }

    /// The root's named children (the file's items), in order.
    pub fn items(&self) -> impl ExactSizeIterator<Item = Node<'_>> {
        self.items.iter().map(|&id| Node { cst: self, id })
    }

    /// Every node but the root, in pre-order, as (kind, field, start, end): with [`sexp`]'s
    /// shape, what two trees of the same text must agree on (the root's own range differs
    /// between producers).
    pub fn describe(&self) -> Vec<(u16, u16, u32, u32)> {
        let n = |d: &Data| (d.kind, d.field & !MISSING, d.start, d.end);
        self.nodes.iter().skip(1).map(n).collect()
    }

    /// How many nodes the tree has.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the tree has no node.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
}

/// Builds a [`Cst`] in pre-order: `open` a node, its children, then `close` it.
#[derive(Default)]
pub(crate) struct Builder {
    nodes: Vec<Data>,
    /// Open nodes, and the last child each has so far.
    stack: Vec<(u32, u32)>,
    items: Vec<u32>,
}

impl Builder {
    pub fn with_capacity(n: usize) -> Builder {
        Builder {
            nodes: Vec::with_capacity(n),
            stack: Vec::new(),
            items: Vec::new(),
        }
    }

    pub fn open(&mut self, kind: u16, field: u16, start: usize, missing: bool) {
        let id = self.nodes.len() as u32;
        if let Some((parent, last)) = self.stack.last_mut() {
            match *last {
                NONE => self.nodes[*parent as usize].first_child = id,
                prev => self.nodes[prev as usize].next_sibling = id,
            }
            *last = id;
        }
        if self.stack.len() == 1 {
            self.items.push(id);
        }
        self.nodes.push(Data {
            kind,
            field: field | if missing { MISSING } else { 0 },
            start: start as u32,
            end: start as u32,
            first_child: NONE,
            next_sibling: NONE,
        });
        self.stack.push((id, NONE));
    }

    pub fn close(&mut self, end: usize) {
        if let Some((id, _)) = self.stack.pop() {
            self.nodes[id as usize].end = end as u32;
        }
    }

    /// A node without children.
    pub fn leaf(&mut self, kind: u16, field: u16, start: usize, end: usize) {
        self.open(kind, field, start, false);
        self.close(end);
    }

    pub fn finish(mut self, end: usize) -> Cst {
        while !self.stack.is_empty() {
            self.close(end);
        }
        Cst {
            nodes: self.nodes,
            items: self.items,
        }
    }
}

impl<'t> Node<'t> {
    fn data(&self) -> &'t Data {
        &self.cst.nodes[self.id as usize]
    }

    fn at(&self, id: u32) -> Option<Node<'t>> {
        (id != NONE).then_some(Node { cst: self.cst, id })
    }

    /// The node's kind, as the grammar names it.
    pub fn kind(&self) -> &'static str {
        kind_name(self.data().kind)
    }

    /// The node's kind, as the grammar numbers it.
    pub fn kind_id(&self) -> u16 {
        self.data().kind
    }

    /// Where the node starts in the text.
    pub fn start_byte(&self) -> usize {
        self.data().start as usize
    }

    /// Where the node ends in the text.
    pub fn end_byte(&self) -> usize {
        self.data().end as usize
    }

    /// An ERROR node (text the grammar could not place).
    pub fn is_error(&self) -> bool {
        self.data().kind == u16::MAX
    }

    /// A node the parser inserted where something was missing.
    pub fn is_missing(&self) -> bool {
        self.data().field & MISSING != 0
    }

    /// The field this node fills in its parent (0: none).
    pub fn field(&self) -> u16 {
        self.data().field & !MISSING
    }

    /// The node's named children, in order.
    pub fn named_children(&self) -> impl Iterator<Item = Node<'t>> + use<'t> {
        let first = self.at(self.data().first_child);
        std::iter::successors(first, |n| n.at(n.data().next_sibling))
    }

    /// The children in field `field`.
    pub fn children_by_field_id(&self, field: u16) -> impl Iterator<Item = Node<'t>> + use<'t> {
        self.named_children().filter(move |n| n.field() == field)
    }

    /// The first child in field `field`.
    pub fn child_by_field_id(&self, field: u16) -> Option<Node<'t>> {
        self.children_by_field_id(field).next()
    }
}

impl PartialEq for Node<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.cst, other.cst) && self.id == other.id
    }
}

/// The grammar, kept for the names borrowed from it.
fn lang() -> &'static Language {
    static LANGUAGE: OnceLock<Language> = OnceLock::new();
    LANGUAGE.get_or_init(language)
}

fn kind_name(kind: u16) -> &'static str {
    if kind == u16::MAX {
        return "ERROR";
    }
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    let names = NAMES.get_or_init(|| {
        let language = lang();
        (0..language.node_kind_count() as u16)
            .map(|id| language.node_kind_for_id(id).unwrap_or(""))
            .collect()
    });
    names.get(kind as usize).copied().unwrap_or("")
}

/// A named node kind's id in the grammar.
pub(crate) fn kind_id(name: &str) -> u16 {
    let id = lang().id_for_node_kind(name, true);
    assert!(
        id != 0,
        "`{name}` is not a named node of the .facts grammar"
    );
    id
}

/// A field's id in the grammar. Looked up once per name: tree-sitter compares the name
/// with every field of the grammar on each call, which showed in profiles.
pub(crate) fn field_id(name: &str) -> u16 {
    static IDS: OnceLock<rustc_hash::FxHashMap<&'static str, u16>> = OnceLock::new();
    let ids = IDS.get_or_init(|| {
        let language = lang();
        (1..=language.field_count() as u16)
            .filter_map(|i| Some((language.field_name_for_id(i)?, i)))
            .collect()
    });
    *ids.get(name)
        .unwrap_or_else(|| panic!("`{name}` is not a field of the .facts grammar"))
}

/// An S-expression of the tree (kinds and fields), for tests and for reading.
pub fn sexp(node: Node, text: &str) -> String {
    let mut out = String::new();
    write_sexp(node, text, true, &mut out);
    out
}

fn write_sexp(node: Node, text: &str, root: bool, out: &mut String) {
    if node.field() != 0 {
        let name = lang().field_name_for_id(node.field()).unwrap_or("?");
        out.push_str(name);
        out.push_str(": ");
    }
    out.push('(');
    out.push_str(node.kind());
    let mut leaf = true;
    for child in node.named_children() {
        leaf = false;
        out.push(' ');
        write_sexp(child, text, false, out);
    }
    // The root's own range differs between producers (tree-sitter's skips blank lines).
    if leaf && !root {
        out.push(' ');
        out.push_str(&format!("{:?}", &text[node.start_byte()..node.end_byte()]));
    }
    out.push(')');
}
