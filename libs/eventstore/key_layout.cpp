// Encoding of the store's keys (layout documented in key_layout.hpp).

#include "libs/eventstore/key_layout.hpp"

namespace opsdesk::eventstore::detail {

namespace {

void append_u64(std::string& out, std::uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xff);
}

void append_u32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xff);
}

std::string prefixed(char prefix, std::string_view rest) {
  std::string key;
  key.reserve(1 + rest.size());
  key += prefix;
  key += rest;
  return key;
}

}  // namespace

std::string head_key(std::string_view stream_id) { return prefixed(kHeadPrefix, stream_id); }

std::string stream_index_prefix(std::string_view stream_id) {
  std::string key;
  key.reserve(1 + 4 + stream_id.size() + 8);
  key += kStreamIndexPrefix;
  append_u32(key, static_cast<std::uint32_t>(stream_id.size()));
  key += stream_id;
  return key;
}

std::string stream_index_key(std::string_view stream_id, std::uint64_t version) {
  std::string key = stream_index_prefix(stream_id);
  append_u64(key, version);
  return key;
}

std::string log_key(std::uint64_t position) {
  std::string key(1, kLogPrefix);
  append_u64(key, position);
  return key;
}

std::string idempotency_key(std::string_view key) { return prefixed(kIdempotencyPrefix, key); }

std::string snapshot_key(std::string_view stream_id) {
  return prefixed(kSnapshotPrefix, stream_id);
}

std::string meta_key(std::string_view key) { return prefixed(kMetaPrefix, key); }

std::string encode_u64(std::uint64_t value) {
  std::string out;
  append_u64(out, value);
  return out;
}

std::optional<std::uint64_t> decode_u64(std::string_view bytes) {
  if (bytes.size() != 8) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : bytes) value = value << 8 | static_cast<unsigned char>(c);
  return value;
}

std::optional<std::uint64_t> version_of_index_key(std::string_view key, std::string_view prefix) {
  if (key.size() != prefix.size() + 8 || !key.starts_with(prefix)) return std::nullopt;
  return decode_u64(key.substr(prefix.size()));
}

std::optional<std::uint64_t> position_of_log_key(std::string_view key) {
  if (key.size() != 9 || key.front() != kLogPrefix) return std::nullopt;
  return decode_u64(key.substr(1));
}

}  // namespace opsdesk::eventstore::detail
