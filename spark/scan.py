"""crosscheck scan on Apache Spark: the same report as `crosscheck scan`,
with the work spread over a cluster.

    spark-submit spark/scan.py --out reports/mine CORPUS...          # a cluster
    python3 spark/scan.py --master 'local[2]' --out reports/mine CORPUS...

The pipeline's natural split (see ARCHITECTURE.md, `scan::stages`):

1. ingest, on the driver: the documents as `crosscheck scan` reads them;
2. map, per document partition: sentences, features, blocking keys and
   MinHash band keys (`Job.analyze`);
3. aggregate: each feature slot's sentence count, broadcast as the TF-IDF
   weights; each sentence weighed and sketched (`Job.postings`);
4. shuffle by band key (`Job.bucket_pairs`, then `Job.similar` on the two
   weighted sentences) and by blocking key (`Job.block_pairs`): the
   candidate pairs;
5. reduce, per document pair: the judgements (`Job.judge`);
6. on the driver: clusters and the report (`Job.report`), written as
   `crosscheck scan --out` writes it.

Every decision is the library's (the `crosscheck` wheel built from
`python/`); this file only moves records. With `--stages DIR` the stage
records are written as Parquet (documents, sentences, candidates, judged
pairs) to be inspected or loaded elsewhere. A corpus of at most 5,000
sentences (the exact candidate path) finds its candidates on the driver.
"""

import argparse
import bisect
import json
import os
import sys
import time
from operator import add

import crosscheck
from pyspark.sql import SparkSession
from pyspark.sql import types as T

U64 = 1 << 64


def signed(x):
    """A u64 as Spark's signed 64-bit LongType holds it (same bits)."""
    return x - U64 if x >= 1 << 63 else x


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("paths", nargs="+", help="files and folders, as for `crosscheck scan`")
    p.add_argument("--out", required=True, help="the report folder to write")
    p.add_argument("--config", help="a crosscheck.toml (else the one `crosscheck scan` would find)")
    p.add_argument("--json-only", action="store_true", help="write only report.json")
    p.add_argument("--stages", help="also write the stage records as Parquet into this folder")
    p.add_argument("--master", help="Spark master when not run by spark-submit, e.g. local[2]")
    p.add_argument("--partitions", type=int, help="document partitions (default: 4 per core)")
    return p.parse_args(argv)


class Timer:
    """Wall time per stage, printed on stderr at the end."""

    def __init__(self):
        self.stages = []
        self.last = time.monotonic()

    def lap(self, name):
        now = time.monotonic()
        self.stages.append((name, now - self.last))
        self.last = now

    def show(self):
        total = sum(s for _, s in self.stages)
        parts = ", ".join(f"{n} {s:.2f}" for n, s in self.stages)
        print(f"crosscheck-spark: {total:.2f} s: {parts}", file=sys.stderr)


def main(argv):
    args = parse_args(argv)
    # Workers run this Python (with the wheel) unless told otherwise.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("crosscheck scan").config("spark.ui.showConsoleProgress", "false")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    sc = spark.sparkContext
    timer = Timer()

    # 1. ingest, on the driver.
    job = crosscheck.Job(args.paths, args.config)
    settings = job.settings
    corpus = job.read()
    documents = corpus.documents()
    partitions = args.partitions or 4 * sc.defaultParallelism
    docs = sc.parallelize(list(enumerate(documents)), min(partitions, max(1, len(documents))))
    timer.lap("read")

    def worker():
        return crosscheck.Job.from_settings(settings)

    # 2. map: analyse and sign each document.
    def analyze(part):
        j = worker()
        for d, doc in part:
            record, n = j.analyze(d, doc)
            yield d, (record, n)

    records = docs.mapPartitions(analyze).cache()
    sizes = dict(records.mapValues(lambda v: v[1]).collect())
    first_rows, total = [], 0
    for d in range(len(documents)):
        first_rows.append(total)
        total += sizes.get(d, 0)
    banded = job.banded(total)
    timer.lap("analyze")

    # 3. aggregate: sentence frequencies of the feature slots, then weights.
    def frequencies(part):
        j = worker()
        return j.frequencies([record for _, (record, _) in part])

    df = records.mapPartitions(frequencies).reduceByKey(add).collect()
    b_df = sc.broadcast(df)
    b_first = sc.broadcast(first_rows)

    def postings(part):
        j = worker()
        weights = crosscheck.Weights(total, b_df.value)
        for d, (record, _) in part:
            yield d, j.postings(record, b_first.value[d], weights)

    posts = records.mapPartitions(postings).cache()
    refs = posts.mapValues(lambda p: p[0])
    timer.lap("weigh")

    # 4. shuffle: candidates by band key and by blocking key.
    capped_buckets = capped_blocks = 0
    if banded:
        band_pairs, capped_buckets = group_pairs(posts.flatMap(lambda kv: kv[1][2]), settings, "bucket_pairs")
        vectors = posts.flatMap(lambda kv: kv[1][1])

        def similar(part):
            j = worker()
            for (a, b), (va, vb) in part:
                if j.similar(va, vb):
                    yield (a, b)

        similar_pairs = (
            band_pairs.distinct()
            .join(vectors)  # (a, (b, va))
            .map(lambda x: (x[1][0], (x[0], x[1][1])))
            .join(vectors)  # (b, ((a, va), vb))
            .map(lambda x: ((x[1][0][0], x[0]), (x[1][0][1], x[1][1])))
            .mapPartitions(similar)
        )

        block_pairs, capped_blocks = group_pairs(posts.flatMap(lambda kv: kv[1][3]), settings, "block_pairs")
        candidates = similar_pairs.union(block_pairs).distinct().cache()
    else:
        ordered = [record for _, (record, _) in sorted(records.collect())]
        pairs, capped_blocks = job.exact_candidates(ordered)
        candidates = sc.parallelize(pairs, partitions).cache()
    n_candidates = candidates.count()
    timer.lap("candidates")

    # 5. reduce: judge per document pair, each task reading its two documents.
    def doc_of(row):
        return bisect.bisect_right(b_first.value, row) - 1

    bundles = docs.join(refs)  # d -> (document, references)

    def judge(part):
        j = worker()
        for (db, ((da, bundle_a, pairs), bundle_b)) in part:
            for record in j.judge((da, *bundle_a), (db, *bundle_b), list(pairs)):
                yield record

    judged = (
        candidates.map(lambda ab: ((doc_of(ab[0]), doc_of(ab[1])), ab))
        .groupByKey()
        .map(lambda kv: (kv[0][0], (kv[0][1], kv[1])))
        .join(bundles)  # da -> ((db, pairs), bundle_a)
        .map(lambda kv: (kv[1][0][0], (kv[0], kv[1][1], kv[1][0][1])))
        .join(bundles)  # db -> ((da, bundle_a, pairs), bundle_b)
        .mapPartitions(judge)
        .collect()
    )
    timer.lap("judge")

    # 6. the report, on the driver.
    all_refs = [r for _, r in sorted(refs.collect())]
    splits = []
    for d, record in records.mapValues(lambda v: v[0]).collect():
        split = json.loads(record).get("split")
        if split:
            splits.append((d, split[0], split[1]))
    report = job.report(corpus, all_refs, splits, judged, n_candidates, capped_blocks, capped_buckets)
    report.write(args.out, args.json_only)
    timer.lap("report")

    if args.stages:
        write_stages(spark, args.stages, records, candidates, judged)
        timer.lap("stages")
    conflicts, pairs = report.counts()
    print(
        f"crosscheck-spark: {len(documents)} documents, {total} sentences, {n_candidates} candidate pairs, "
        f"{conflicts} conflicts flagged, {pairs} pairs in the report: {os.path.join(args.out, 'report.json')}",
        file=sys.stderr,
    )
    timer.show()
    spark.stop()
    return 0


def group_pairs(postings, settings, rule):
    """Candidate pairs from `(key, member)` postings: grouped by key, each
    group of two or more handed to `Job.<rule>`. Returns the pairs (an RDD,
    possibly repeated) and the number of groups over their cap."""

    def apply(part):
        call = getattr(crosscheck.Job.from_settings(settings), rule)
        for _, members in part:
            found, capped = call(list(members))
            if capped:
                yield ("capped", 1)
            for pair in found:
                yield ("pair", pair)

    out = postings.groupByKey().filter(lambda kv: len(kv[1]) >= 2).mapPartitions(apply).cache()
    capped = out.filter(lambda x: x[0] == "capped").count()
    return out.filter(lambda x: x[0] == "pair").map(lambda x: x[1]), capped


def write_stages(spark, folder, records, candidates, judged):
    """The stage records as Parquet: one row per sentence (its blocking and
    band keys), per candidate pair, and per related pair (the judgement as
    JSON beside its relation)."""

    def sentences(kv):
        d, (record, _) = kv
        for i, s in enumerate(json.loads(record)["sentences"]):
            yield (d, i, s["id"], s["span"]["start"], s["span"]["end"], s["role"], s["asserts"],
                   [signed(k) for k in s["keys"]], s["bands"])

    schema = T.StructType([
        T.StructField("doc", T.IntegerType()),
        T.StructField("index", T.IntegerType()),
        T.StructField("sentence", T.StringType()),
        T.StructField("start", T.LongType()),
        T.StructField("end", T.LongType()),
        T.StructField("role", T.StringType()),
        T.StructField("asserts", T.BooleanType()),
        T.StructField("blocking_keys", T.ArrayType(T.LongType())),
        T.StructField("band_keys", T.ArrayType(T.LongType())),
    ])
    spark.createDataFrame(records.flatMap(sentences), schema).write.mode("overwrite").parquet(
        os.path.join(folder, "sentences.parquet"))
    pair = T.StructType([T.StructField("a", T.LongType()), T.StructField("b", T.LongType())])
    spark.createDataFrame(candidates, pair).write.mode("overwrite").parquet(os.path.join(folder, "candidates.parquet"))
    rows = []
    for record in judged:
        j = json.loads(record)
        rows.append((j["a"], j["b"], j["judgement"]["relation"], j["judgement"].get("kind"), record.decode()))
    judged_schema = T.StructType([
        T.StructField("a", T.LongType()),
        T.StructField("b", T.LongType()),
        T.StructField("relation", T.StringType()),
        T.StructField("kind", T.StringType()),
        T.StructField("record", T.StringType()),
    ])
    spark.createDataFrame(rows, judged_schema).write.mode("overwrite").parquet(os.path.join(folder, "judged.parquet"))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
