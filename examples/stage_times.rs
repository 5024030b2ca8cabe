use std::time::Instant;
use migguard::discover::{discover, DiscoverOptions};
use migguard::project::{LoadOptions, Project};
fn main() {
    let roots: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    for _ in 0..3 {
        let t = Instant::now();
        let d = discover(&roots, &DiscoverOptions::default(), false);
        let t_disc = t.elapsed();
        let t = Instant::now();
        let p = Project::load(&LoadOptions { roots: roots.clone(), ..Default::default() });
        let t_all = t.elapsed();
        let t = Instant::now();
        let plan = p.graph.full_plan().len();
        let t_plan = t.elapsed();
        println!("apps {} discover {:?} load {:?} plan {:?} ({plan})", d.apps.len(), t_disc, t_all, t_plan);
    }
}
