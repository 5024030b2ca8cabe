//! migguard library (locks branch: only the lock stage lives here until merged).

pub mod locks;
