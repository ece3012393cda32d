#pragma once
// Why a decider refused a command: the one shape every command service's domain errors take,
// so the command plumbing maps them to HTTP the same way everywhere (not found 404, a broken
// lifecycle rule 409 naming the rule, invalid fields 422 listing each). Pure data.

#include <string>
#include <vector>

namespace opsdesk::aggregate {

struct DomainError {
  enum class Kind {
    not_found,       // no such aggregate (HTTP 404)
    rule_violated,   // the command breaks a rule of the aggregate's lifecycle (409)
    invalid_fields,  // one or more fields have values the domain does not allow (422)
  };
  Kind kind;
  std::string rule;  // stable kebab-case name, e.g. "recovery-report-before-restoration"
  std::string message;
  struct Field {
    std::string field;
    std::string message;
  };
  std::vector<Field> fields;  // for invalid_fields
};

}  // namespace opsdesk::aggregate
