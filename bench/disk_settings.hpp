#pragma once
// The disk and file system under the bench's folder, and the kernel's settings for them that
// shape a durable commit's latency, so that every run says what it measured on: the mount
// options (online discard), the I/O scheduler, the block layer's writeback throttling (its
// latency target, 0 = off) and whether the disk reports itself rotational. Read from /sys and
// /proc; nothing is changed.

#include <optional>
#include <string>

namespace einblick::bench {

struct DiskSettings {
    std::string device;        // the whole disk, e.g. "vda", also when the folder is on a partition
    std::string file_system;   // e.g. "ext4"
    std::string mount_options; // the mount's and the file system's, e.g. "rw,relatime,discard"
    std::string scheduler;     // the active I/O scheduler, e.g. "mq-deadline"
    std::string writeback_throttling_us; // wbt_lat_usec; "" when the kernel has no such file
    std::string rotational;              // "1" or "0" as the disk reports it
};

// Nullopt when the folder's device is not a block device under /sys (tmpfs, overlay, a
// container without /sys).
std::optional<DiskSettings> disk_settings(const std::string& folder);

// One line for the Markdown report, e.g. "vda, ext4 (rw,relatime,discard), I/O scheduler
// mq-deadline, writeback throttling 75000 µs, rotational".
std::string describe(const DiskSettings& disk);

} // namespace einblick::bench
