#include "targetupdate.h"

#include "zitadelclient.h"

#include <QCoreApplication>
#include <QPointer>

#include <algorithm>

#include <memory>

namespace targetdesk
{

namespace
{

QString onOff(bool on)
{
    return on ? QCoreApplication::translate("api", "on") : QCoreApplication::translate("api", "off");
}

} // namespace

QList<UntakenField> untakenFields(const TargetPatch &patch, const QString &rotatedKey, const Target &stored)
{
    QList<UntakenField> out;
    if (patch.name && stored.name != *patch.name)
        out.append({QStringLiteral("name"), *patch.name, stored.name});
    if (patch.type) {
        if (stored.type != patch.type->type)
            out.append({QStringLiteral("type"), targetTypeName(patch.type->type), targetTypeName(stored.type)});
        // Async targets carry no flag: nothing to compare.
        const bool wanted = patch.type->type != TargetType::Async && patch.type->interruptOnError;
        if (patch.type->type != TargetType::Async && stored.type != TargetType::Async &&
            stored.interruptOnError != wanted)
            out.append({QStringLiteral("interruptOnError"), onOff(wanted), onOff(stored.interruptOnError)});
    }
    if (patch.timeout && stored.timeout != *patch.timeout)
        out.append({QStringLiteral("timeout"), protojson::formatDuration(*patch.timeout),
                    protojson::formatDuration(stored.timeout)});
    if (patch.endpoint && stored.endpoint != *patch.endpoint)
        out.append({QStringLiteral("endpoint"), *patch.endpoint, stored.endpoint});
    // UNSPECIFIED is not sent (it cannot be told from "unchanged").
    if (patch.payloadType && *patch.payloadType != PayloadType::Unspecified && stored.payloadType != *patch.payloadType)
        out.append(
            {QStringLiteral("payloadType"), payloadTypeName(*patch.payloadType), payloadTypeName(stored.payloadType)});
    if (patch.rotateSigningKey && (rotatedKey.isEmpty() || stored.signingKey != rotatedKey))
        out.append({QStringLiteral("signingKey"), QCoreApplication::translate("api", "a new key"),
                    QCoreApplication::translate("api", "a different key")});
    return out;
}

QString targetFieldLabel(const QString &field)
{
    if (field == QLatin1String("interruptOnError"))
        return QCoreApplication::translate("api", "interrupt-on-error");
    if (field == QLatin1String("payloadType"))
        return QCoreApplication::translate("api", "payload type");
    if (field == QLatin1String("signingKey"))
        return QCoreApplication::translate("api", "signing key");
    return field;
}

QString describeUntaken(const QList<UntakenField> &fields)
{
    QStringList parts;
    for (const UntakenField &f : fields)
        parts << QCoreApplication::translate("api", "%1 (sent %2, ZITADEL still has %3)")
                     .arg(targetFieldLabel(f.field), f.sent, f.stored);
    return parts.join(QStringLiteral("; "));
}

ApiCall *ZitadelClient::updateTargetChecked(const QString &id, const TargetPatch &patch, QObject *context,
                                            Callback<CheckedUpdate> cb)
{
    auto *outer = new ApiCall(this);
    struct State {
        QPointer<ApiCall> current;
        CheckedUpdate result;
    };
    auto state = std::make_shared<State>();
    const bool hasContext = context != nullptr;
    QPointer<QObject> ctx(context);
    // Delivers once, and never after the context is gone.
    auto deliver = std::make_shared<std::function<void(Result<CheckedUpdate>)>>(
        [outer, hasContext, ctx, cb = std::move(cb)](Result<CheckedUpdate> r) {
            if (outer->isFinished())
                return;
            if (!hasContext || ctx)
                cb(std::move(r));
            outer->finish();
        });
    std::weak_ptr<State> weak = state;

    // Reads the target back and compares; `then` decides what follows.
    auto readBack = [this, outer, weak, deliver, id, patch](std::function<void()> then) {
        auto s = weak.lock();
        if (!s)
            return;
        s->current = getTarget(id, outer, [weak, deliver, patch, then](Result<Target> r) {
            auto s = weak.lock();
            if (!s)
                return;
            if (!r) {
                (*deliver)(r.error());
                return;
            }
            s->result.target = *r;
            s->result.notTaken = untakenFields(patch, s->result.response.signingKey, *r);
            then();
        });
    };
    // ZITADEL's working sequence for turning interrupt-on-error off: on first (which its write model notices),
    // then off. Only the type field is sent, so nothing else changes.
    auto onThenOff = [this, outer, weak, deliver, id, patch, readBack] {
        auto s = weak.lock();
        if (!s)
            return;
        TargetPatch on;
        on.type = TargetPatch::TypeSetting{patch.type->type, true};
        s->current = updateTarget(id, on, outer, [this, outer, weak, deliver, id, patch, readBack](auto r) {
            auto s = weak.lock();
            if (!s)
                return;
            if (!r) {
                (*deliver)(r.error());
                return;
            }
            TargetPatch off;
            off.type = TargetPatch::TypeSetting{patch.type->type, false};
            s->current = updateTarget(id, off, outer, [weak, deliver, readBack](Result<UpdateTargetResponse> r) {
                auto s = weak.lock();
                if (!s)
                    return;
                if (!r) {
                    (*deliver)(r.error());
                    return;
                }
                s->result.response.changeDate = r->changeDate;
                s->result.appliedOnThenOff = true;
                readBack([weak, deliver] {
                    if (auto s = weak.lock())
                        (*deliver)(s->result);
                });
            });
        });
    };

    state->current = updateTarget(id, patch, outer, [weak, deliver, patch, readBack, onThenOff](auto r) {
        auto s = weak.lock();
        if (!s)
            return;
        if (!r) {
            (*deliver)(r.error());
            return;
        }
        s->result.response = *r;
        readBack([weak, deliver, patch, onThenOff] {
            auto s = weak.lock();
            if (!s)
                return;
            const bool flagStuck =
                std::any_of(s->result.notTaken.cbegin(), s->result.notTaken.cend(), [](const UntakenField &f) {
                    return f.field == QLatin1String("interruptOnError") || f.field == QLatin1String("type");
                });
            // Only an "off" (or a type switch carrying it) can be stuck: "on" always differs from the write model.
            if (flagStuck && patch.type && patch.type->type != TargetType::Async && !patch.type->interruptOnError) {
                onThenOff();
                return;
            }
            (*deliver)(s->result);
        });
    });
    // The abort function keeps the state alive until the outer call finishes.
    outer->m_abort = [state, deliver] {
        if (state->current)
            state->current->cancel();
        else
            (*deliver)(ApiError::transport(ApiError::Kind::Cancelled, QStringLiteral("Cancelled")));
    };
    if (context)
        QObject::connect(context, &QObject::destroyed, outer, [outer] { outer->cancel(); });
    return outer;
}

} // namespace targetdesk
