#pragma once
// The floor under every write and read figure: SQLite's C API alone, on rows of the access log's
// own shape (every column, the same sizes) with the same indexes, measured in the same run as
// the server so ratios compare like with like.

#include "http_client.hpp"

#include <string>

namespace einblick::bench {

struct RawSqliteFigures {
    double single_commit_rows_per_s = 0; // one row per transaction, synchronous=FULL
    Percentiles single_commit;           // the latency of one such commit: the disk's fsync
    double batch_rows_per_s = 0;         // 1000 rows per transaction, synchronous=FULL
    Percentiles newest_50;               // one citizen's newest 50 rows, by index
    int rows = 0;                        // in the table when newest_50 was measured
};

RawSqliteFigures measure_raw_sqlite(const std::string& path, int single_rows, int batch_rows);

} // namespace einblick::bench
