#pragma once
// A visitor made of lambdas, one per alternative: std::visit(overloaded{...}, variant). Readers
// of a published contract list a handler for every event type (no generic catch-all), so an
// event type added to the contract is a compile error wherever it is not handled.

namespace opsdesk::core {

template <typename... Handlers>
struct overloaded : Handlers... {
  using Handlers::operator()...;
};
template <typename... Handlers>
overloaded(Handlers...) -> overloaded<Handlers...>;

}  // namespace opsdesk::core
