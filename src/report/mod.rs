//! Output for people and machines.

pub mod check;
pub mod graph;
pub mod locks;
pub mod trace;
