//! Output for people and machines.

pub mod check;
pub mod locks;
pub mod trace;
