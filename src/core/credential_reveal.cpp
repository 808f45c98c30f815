#include "core/credential_reveal.hpp"

namespace keel {

RevealPlan plan_reveal(Role role, const std::vector<std::optional<std::string>>& owner_revealed_at) {
    RevealPlan plan;
    if (owner_revealed_at.empty()) {
        return plan;
    }
    switch (role) {
        case Role::kAdmin:
            for (std::size_t i = 0; i < owner_revealed_at.size(); ++i) {
                plan.shown.push_back(i);
            }
            plan.decision = RevealDecision::kReveal;
            return plan;
        case Role::kClient: break;
    }
    for (std::size_t i = 0; i < owner_revealed_at.size(); ++i) {
        const auto& revealed_at = owner_revealed_at[i];
        if (!revealed_at) {
            plan.shown.push_back(i);
        } else if (!plan.revealed_at || *plan.revealed_at < *revealed_at) {
            plan.revealed_at = revealed_at;
        }
    }
    if (plan.shown.empty()) {
        plan.decision = RevealDecision::kAlreadyRevealed;
        return plan;
    }
    plan.decision = RevealDecision::kReveal;
    plan.mark_revealed = true;
    plan.revealed_at.reset();
    return plan;
}

}  // namespace keel
