"""Benchmark of ``align batch`` on a synthetic college: cold and warm runs, memory, throughput, growth.

    python benchmarks/bench_batch.py                 # 60 majors × 30 syllabi × 3 standards, library of 20
    python benchmarks/bench_batch.py --smoke         # a small college, under 2 minutes (CI)
    python benchmarks/bench_batch.py --model tfidf   # the baseline instead of models/default

Runs the real command (``python -m align batch``) in a fresh process with a fresh embedding cache
(cold), then again unchanged (warm), sampling the memory of the whole process tree. Then, in this
process: encoding throughput of the model (sentences/s, nothing cached), and the matching of one
major with every embedding cached, against numpy's matrix-multiply peak on this machine. Prints the
figures (and writes them as JSON with --json). Targets on 2 cores: cold ≤ 60 s, warm ≤ 5 s, ≤ 2 GB.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_college import CollegeSize, generate

ROOT = Path(__file__).resolve().parent.parent
FULL = CollegeSize(majors=60, syllabi=30, standards=3, library=20)
SMOKE = CollegeSize(majors=4, syllabi=4, standards=2, library=5)
TARGETS = {"cold_s": 60.0, "warm_s": 5.0, "peak_mb": 2048.0}


def default_model() -> str:
    return "default" if (ROOT / "models" / "default" / "modules.json").exists() else "tfidf"


class PeakMemory:
    """Samples the memory of a process and all its children (workers) until stopped.

    Both the sum of resident sets (RSS: counts shared libraries such as torch once per process) and
    of proportional sets (PSS: shared pages split between the processes, what the machine really
    spends); the peak of each.
    """

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        import psutil

        self.process = psutil.Process(pid)
        self.interval = interval
        self.rss = self.pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            rss = pss = 0
            try:
                for p in [self.process, *self.process.children(recursive=True)]:
                    with contextlib.suppress(psutil.Error):  # a worker that just ended
                        info = p.memory_full_info()
                        rss, pss = rss + info.rss, pss + info.pss
            except psutil.Error:
                break
            self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)
            time.sleep(self.interval)

    def stop(self) -> tuple[float, float]:
        """Peak PSS and peak RSS, in MiB."""
        self._stop.set()
        self._thread.join()
        return self.pss / 2**20, self.rss / 2**20


def run_batch_cli(
    config: Path, out: Path, cache: Path, settings: Path, jobs: int
) -> tuple[float, float, str]:
    """Wall seconds, peak MiB of the process tree, and the command's last output line."""
    cmd = [sys.executable, "-m", "align", "batch", str(config), "--out", str(out), "--quiet",
           "--jobs", str(jobs), "--config", str(settings)]  # fmt: skip
    env = {
        **os.environ,
        "ALIGN_CACHE_DIR": str(cache),
        "HF_HUB_OFFLINE": "1",
        "GRADIO_ANALYTICS_ENABLED": "False",
    }
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    memory = PeakMemory(proc.pid)
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - started
    peak = memory.stop()
    if proc.returncode != 0:
        sys.exit(f"align batch failed ({proc.returncode}):\n{stdout}\n{stderr}")
    return seconds, peak, stdout.splitlines()[0]


def stage_seconds(out: Path) -> dict[str, float]:
    """Mean seconds per major of each stage (parse, match, reports), from the manifests of a run."""
    timings = [
        json.loads(m.read_text(encoding="utf-8"))["timing"] for m in out.glob("majors/*/manifest.json")
    ]
    return {stage: sum(t[stage] for t in timings) / len(timings) for stage in timings[0]} if timings else {}


def subset_config(config: Path, majors: int) -> Path:
    head, *blocks = config.read_text(encoding="utf-8").split("\n[[majors]]")
    path = config.with_name(f"batch-{majors}.toml")
    path.write_text(head + "".join("\n[[majors]]" + b for b in blocks[:majors]), encoding="utf-8")
    return path


def numpy_peak_gflops(n: int = 2048, repeat: int = 5) -> float:
    a = np.random.default_rng(0).standard_normal((n, n), dtype=np.float32)
    best = min(_timed(lambda: a @ a) for _ in range(repeat))
    return 2 * n**3 / best / 1e9


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def throughput(college: Path, settings_path: Path, work: Path) -> dict:
    """Encoding (nothing cached) and matching one major (everything cached) in this process."""
    from dataclasses import replace

    from align.match.clauses import split_clauses
    from align.parse import load_documents
    from align.pipeline import align_documents, content_items, make_encoder_for
    from align.settings import load_settings

    settings = replace(load_settings(settings_path), cache_dir=work / "throughput-cache")
    majors = sorted((college / "majors").iterdir())
    syllabi = load_documents([majors[0]], kind="syllabus")
    library = load_documents([college / "standards"], kind="standard")
    points = [p for s in library for lv in s.levels for p in lv.points]
    items = [i.text for i in content_items(syllabi)]
    extra = load_documents(majors[1:4], kind="syllabus")
    texts = list(dict.fromkeys([*items, *(i.text for i in content_items(extra)), *(p.text for p in points)]))

    encoder = make_encoder_for(replace(settings, cache_dir=None))
    encoder.fit(texts)
    encoder.encode(texts[:32])  # loads the model
    enc_seconds = _timed(lambda: encoder.encode(texts[32:]))
    out = {"encode_sentences": len(texts) - 32, "encode_s": enc_seconds,
           "encode_per_s": (len(texts) - 32) / enc_seconds}  # fmt: skip

    cached = make_encoder_for(settings)
    align_documents(
        library, syllabi, settings, encoder=cached
    )  # fills the cache (if the model can be cached)
    match_seconds = min(
        _timed(lambda: align_documents(library, syllabi, settings, encoder=cached)) for _ in range(2)
    )
    clauses = [len(c) for c in (split_clauses(p.text) for p in points)] if settings.match.clauses else []
    queries = len(points) + sum(c for c in clauses if c > 1)
    dim = encoder.encode(texts[:2]).shape[1]
    q = np.random.default_rng(1).standard_normal((queries, dim), dtype=np.float32)
    d = np.random.default_rng(2).standard_normal((len(items), dim), dtype=np.float32)
    dense_seconds = min(_timed(lambda: q @ d.T) for _ in range(5))
    flops = 2 * queries * len(items) * dim
    out.update({
        "match_queries": queries, "match_items": len(items), "dim": dim, "match_s": match_seconds,
        "match_pairs_per_s": queries * len(items) / match_seconds,
        "match_gflops": flops / match_seconds / 1e9, "dense_gflops": flops / dense_seconds / 1e9,
        "numpy_peak_gflops": numpy_peak_gflops(), "encoder_cacheable": bool(cached.cacheable),
    })  # fmt: skip
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--smoke", action="store_true", help=f"small college: {SMOKE}")
    parser.add_argument("--model", default=default_model(), help="default (models/default) or tfidf")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--sizes", help="majors per growth step, e.g. 10,30 (default: 10,30; 2 with --smoke)")
    parser.add_argument(
        "--work", type=Path, help="keep the college and outputs here (default: a temp folder)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    size = SMOKE if args.smoke else FULL
    sizes = [int(s) for s in (args.sizes or ("2" if args.smoke else "10,30")).split(",")]
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-batch-"))
    work.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    college = work / "college"
    config = generate(college, size)
    print(
        f"college: {size.majors} majors × {size.syllabi} syllabi × {size.standards} standards, "
        f"library of {size.library}; generated in {time.perf_counter() - started:.0f} s ({college})"
    )
    settings = work / "align.toml"
    tfidf = args.model == "tfidf"  # the baseline's dense vectors are huge: compare whole points only
    match = f'model = "{args.model}"\n' + ('method = "dense"\nclauses = false\n' if tfidf else "")
    settings.write_text(f"[match]\n{match}", encoding="utf-8")
    print(f"model: {args.model}; {args.jobs} worker processes; {os.cpu_count()} cores\n")

    figures: dict = {"size": asdict(size), "model": args.model, "jobs": args.jobs}
    cold, (cold_pss, cold_rss), line = run_batch_cli(
        config, work / "out", work / "cache", settings, args.jobs
    )
    warm, (warm_pss, warm_rss), warm_line = run_batch_cli(
        config, work / "out", work / "cache", settings, args.jobs
    )
    figures.update(
        cold_s=cold, warm_s=warm, peak_mb=max(cold_pss, warm_pss), peak_rss_mb=max(cold_rss, warm_rss)
    )
    for name, seconds, pss, rss, out_line in (("cold", cold, cold_pss, cold_rss, line),
                                              ("warm", warm, warm_pss, warm_rss, warm_line)):  # fmt: skip
        print(f"{name} run   {seconds:7.1f} s   peak {pss:6.0f} MiB PSS ({rss:.0f} MiB RSS)   ({out_line})")

    stages = stage_seconds(work / "out")
    figures["stages_s_per_major"] = stages
    print("per major, in a worker: " + ", ".join(f"{k} {v:.2f} s" for k, v in stages.items()))

    growth = []
    for n in sorted(s for s in sizes if s < size.majors):
        seconds, _, _ = run_batch_cli(subset_config(config, n), work / f"out-{n}", work / f"cache-{n}",
                                      settings, args.jobs)  # fmt: skip
        growth.append((n, seconds))
    growth.append((size.majors, cold))
    figures["growth"] = growth
    print("\ngrowth (cold runs, fresh cache):")
    for n, seconds in growth:
        print(f"  {n:4d} majors  {seconds:7.1f} s  ({seconds / n:5.2f} s per major)")
    if len(growth) > 1:
        (n0, t0), (n1, t1) = growth[0], growth[-1]
        marginal = (t1 - t0) / (n1 - n0)
        print(f"  marginal cost {marginal:.2f} s per major; fixed cost ≈ {t0 - n0 * marginal:.1f} s")

    tp = throughput(college, settings, work)
    figures["throughput"] = tp
    print(
        f"\nencoding   {tp['encode_per_s']:9.0f} sentences/s  ({tp['encode_sentences']} distinct sentences, "
        f"nothing cached, {tp['dim']} dimensions)"
    )
    print(
        f"matching   {tp['match_pairs_per_s'] / 1e6:9.2f} M pairs/s      "
        f"(one major: {tp['match_queries']} queries "
        f"× {tp['match_items']} items in {tp['match_s']:.2f} s, embeddings "
        f"{'cached' if tp['encoder_cacheable'] else 'recomputed (not cacheable)'}; "
        f"{tp['match_gflops']:.1f} GFLOP/s equivalent)"
    )
    print(
        f"dense part {tp['dense_gflops']:9.1f} GFLOP/s      (the same product alone) vs numpy matmul peak "
        f"{tp['numpy_peak_gflops']:.1f} GFLOP/s = "
        f"{tp['dense_gflops'] / tp['numpy_peak_gflops']:.0%} of peak; "
        f"whole matching = {tp['match_gflops'] / tp['numpy_peak_gflops']:.1%} of peak"
    )

    verdicts = [
        f"{k} {figures[k]:.1f} " + (f"≤ {v:g} ok" if figures[k] <= v else f"> {v:g} MISSED")
        for k, v in TARGETS.items()
    ]
    if args.smoke:
        print("\n(smoke size: the targets apply to the full size; this run proves the benchmark works)")
    else:
        print("\ntargets (2 cores): " + "  ".join(verdicts))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(f"total benchmark time {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
