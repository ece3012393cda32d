#pragma once
// Where each kind of record lives in the store's one RocksDB key space, and how numbers are
// encoded in keys and values. Stores on disk depend on this layout: never change a prefix or an
// encoding, only add new prefixes.
//
// Everything is in the default column family; the first byte says what a record is:
//   'h' <stream id>                                -> u64 BE current version   (stream head)
//   's' <u32 BE id length> <stream id> <u64 BE ver> -> u64 BE log position      (stream index)
//   'l' <u64 BE position>                           -> RecordedEvent            (global log)
//   'i' <idempotency key>                           -> IdempotencyRecord        (idempotency)
//   'm' <meta key>                                  -> the caller's bytes       (metadata: relay
//   cursors)
//   'p' <stream id>                                 -> StreamSnapshot           (a stream's
//   latest snapshot)
// Big-endian numbers make byte order equal numeric order, so an iterator walks versions and
// positions in sequence and the last log key is the head. The index key length-prefixes the
// stream id so that one stream's entries are one contiguous range that no other id (ids may
// hold any byte) can interleave with.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace opsdesk::eventstore::detail {

inline constexpr char kHeadPrefix = 'h';
inline constexpr char kStreamIndexPrefix = 's';
inline constexpr char kLogPrefix = 'l';
inline constexpr char kIdempotencyPrefix = 'i';
// Sorts after the log prefix, so the head recovery's SeekForPrev from the largest log key
// never lands on a metadata record.
inline constexpr char kMetaPrefix = 'm';
inline constexpr char kSnapshotPrefix = 'p';

std::string head_key(std::string_view stream_id);
// All index keys of one stream start with this.
std::string stream_index_prefix(std::string_view stream_id);
std::string stream_index_key(std::string_view stream_id, std::uint64_t version);
std::string log_key(std::uint64_t position);
std::string idempotency_key(std::string_view key);
std::string meta_key(std::string_view key);
std::string snapshot_key(std::string_view stream_id);

std::string encode_u64(std::uint64_t value);
// Exactly eight big-endian bytes, or nothing.
std::optional<std::uint64_t> decode_u64(std::string_view bytes);

// The version in an index key of the stream whose prefix is given, or nothing if the key is
// not one of that stream's index keys.
std::optional<std::uint64_t> version_of_index_key(std::string_view key, std::string_view prefix);
// The position in a log key, or nothing if the key is not a log key.
std::optional<std::uint64_t> position_of_log_key(std::string_view key);

}  // namespace opsdesk::eventstore::detail
