//! Output for people and machines.

pub mod locks;
