#![deny(warnings)]

use coyield::{generator, yield_};

enum Tree {
    Leaf(u32),
    Node(Vec<Tree>),
}

#[generator(yield = u32)]
fn walk(tree: &Tree) {
    match tree {
        Tree::Leaf(v) => yield_!(*v),
        Tree::Node(children) => {
            for child in children {
                walk(child);
            }
        }
    }
}

fn main() {}
