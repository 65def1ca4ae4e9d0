#include "inspector/inspectionview.h"

#include "inspector/inspectorbadge.h"
#include "inspector/jsontreeview.h"

#include "crypto/webhooksignature.h"
#include "inspect/payloadsummary.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace targetdesk::gui
{

namespace
{

using Tone = InspectorBadge::Tone;
using inspect::Check;

QString formText(inspect::Capture::Form form)
{
    switch (form) {
    case inspect::Capture::Form::Jwe:
        return InspectionView::tr("a bare JWE");
    case inspect::Capture::Form::Jws:
        return InspectionView::tr("a bare JWT");
    case inspect::Capture::Form::Json:
        return InspectionView::tr("a JSON body");
    case inspect::Capture::Form::JsonCapture:
        return InspectionView::tr("a captured delivery (headers and body)");
    case inspect::Capture::Form::HttpRequest:
        return InspectionView::tr("a captured HTTP request");
    }
    return {};
}

QString headlineText(const inspect::Report &report, const QString &jweKid)
{
    if (report.payloadReached) {
        switch (report.kind) {
        case inspect::PayloadKind::Request:
            return InspectionView::tr("Request execution: %1").arg(report.kindName);
        case inspect::PayloadKind::Response:
            return InspectionView::tr("Response execution: %1").arg(report.kindName);
        case inspect::PayloadKind::Event:
            return InspectionView::tr("Event: %1").arg(report.kindName);
        case inspect::PayloadKind::Function:
            return InspectionView::tr("Function: %1").arg(report.kindName);
        case inspect::PayloadKind::Unknown:
            return report.payloadJson.isUndefined() ? InspectionView::tr("A payload that is not JSON")
                                                    : InspectionView::tr("A JSON payload ZITADEL does not send");
        }
    }
    if (report.exitClass == inspect::ExitClass::Malformed)
        return InspectionView::tr("This is not a payload the inspector can read");
    if (!jweKid.isEmpty())
        return InspectionView::tr("An encrypted payload for key id %1").arg(jweKid);
    return InspectionView::tr("An encrypted payload");
}

QString indent(const QString &text, int spaces)
{
    const QString pad(spaces, QLatin1Char(' '));
    return pad + QString(text).replace(QLatin1Char('\n'), QLatin1Char('\n') + pad);
}

QString statusWord(Check::Status status)
{
    switch (status) {
    case Check::Status::Passed:
        return InspectionView::tr("passed");
    case Check::Status::Failed:
        return InspectionView::tr("failed");
    case Check::Status::NotChecked:
        return InspectionView::tr("not checked");
    }
    return {};
}

QString checkName(Check::Kind kind)
{
    switch (kind) {
    case Check::Kind::Decryption:
        return InspectionView::tr("Decryption");
    case Check::Kind::Signature:
        return InspectionView::tr("JWT signature");
    case Check::Kind::WebhookSignature:
        return InspectionView::tr("ZITADEL-Signature");
    }
    return {};
}

QString valueText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    return value.toVariant().toString();
}

} // namespace

InspectionView::InspectionView(QWidget *parent)
    : QWidget(parent), m_headline(new QLabel(this)), m_subline(new QLabel(this)), m_times(new QLabel(this)),
      m_error(new InspectorBadge(this)), m_decryption(new InspectorBadge(this)), m_signature(new InspectorBadge(this)),
      m_webhook(new InspectorBadge(this)), m_keyState(new InspectorBadge(this)), m_unknownKid(new InspectorBadge(this)),
      m_badgePanel(new QWidget(this)), m_tabs(new QTabWidget(this)), m_json(new JsonTreeView(this)),
      m_headers(new QTreeWidget(this)), m_details(new QPlainTextEdit(this)),
      m_copyReport(new QPushButton(tr("Copy Report as JSO&N"), this))
{
    setObjectName(QStringLiteral("inspectionView"));

    m_headline->setObjectName(QStringLiteral("inspectionHeadline"));
    QFont big = m_headline->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.3);
    m_headline->setFont(big);
    m_headline->setWordWrap(true);
    m_headline->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_subline->setObjectName(QStringLiteral("inspectionSubline"));
    m_subline->setWordWrap(true);
    m_subline->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_times->setObjectName(QStringLiteral("inspectionTimes"));
    m_times->setWordWrap(true);
    m_times->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_error->setObjectName(QStringLiteral("inspectionError"));
    m_error->setAccessibleName(tr("Problem"));
    m_error->setWordWrap(true);
    m_error->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *grid = new QGridLayout(m_badgePanel);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setColumnStretch(1, 1);
    const std::pair<InspectorBadge *, const char *> badges[] = {{m_decryption, "decryptionBadge"},
                                                                {m_signature, "signatureBadge"},
                                                                {m_webhook, "webhookBadge"},
                                                                {m_keyState, "keyStateBadge"},
                                                                {m_unknownKid, "unknownKidBadge"}};
    int row = 0;
    for (const auto &[badge, name] : badges) {
        badge->setObjectName(QLatin1String(name));
        auto *text = new QLabel(m_badgePanel);
        text->setObjectName(QLatin1String(name) + QLatin1String("Explanation"));
        text->setWordWrap(true);
        text->setTextInteractionFlags(Qt::TextSelectableByMouse);
        text->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        grid->addWidget(badge, row, 0, Qt::AlignLeft | Qt::AlignTop);
        grid->addWidget(text, row, 1);
        m_explanations.insert(badge, text);
        ++row;
    }

    m_json->setObjectName(QStringLiteral("payloadTree"));
    connect(m_json, &JsonTreeView::copied, this, &InspectionView::statusMessage);

    m_headers->setObjectName(QStringLiteral("headersTree"));
    m_headers->setAccessibleName(tr("Headers"));
    m_headers->setColumnCount(3);
    m_headers->setHeaderLabels({tr("Name"), tr("Value"), tr("Meaning")});
    m_headers->setAlternatingRowColors(true);
    m_headers->setWordWrap(true);
    m_headers->header()->resizeSection(0, fontMetrics().averageCharWidth() * 24);
    m_headers->header()->resizeSection(1, fontMetrics().averageCharWidth() * 40);
    auto *copyHeader = new QAction(tr("&Copy Value"), m_headers);
    copyHeader->setObjectName(QStringLiteral("headersCopyAction"));
    copyHeader->setShortcut(QKeySequence::Copy);
    copyHeader->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(copyHeader, &QAction::triggered, this, [this] {
        if (const QTreeWidgetItem *item = m_headers->currentItem(); item && item->parent()) {
            QApplication::clipboard()->setText(item->text(1));
            Q_EMIT statusMessage(tr("Copied the value of %1.").arg(item->text(0)));
        }
    });
    m_headers->addAction(copyHeader);
    m_headers->setContextMenuPolicy(Qt::ActionsContextMenu);

    m_details->setObjectName(QStringLiteral("detailsText"));
    m_details->setAccessibleName(tr("Details of the inspection"));
    m_details->setReadOnly(true);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_details->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_details->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_copyReport->setObjectName(QStringLiteral("copyReportButton"));
    connect(m_copyReport, &QPushButton::clicked, this, [this] {
        if (!m_result)
            return;
        QApplication::clipboard()->setText(
            QString::fromUtf8(QJsonDocument(m_result->report.toJson()).toJson(QJsonDocument::Indented)));
        Q_EMIT statusMessage(tr("Copied the report as JSON."));
    });
    auto *detailsPage = new QWidget(this);
    auto *detailsLayout = new QVBoxLayout(detailsPage);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->addWidget(m_details, 1);
    detailsLayout->addWidget(m_copyReport, 0, Qt::AlignRight);

    m_tabs->setObjectName(QStringLiteral("inspectionTabs"));
    m_tabs->addTab(m_json, tr("&Payload"));
    m_tabs->addTab(m_headers, tr("&Headers"));
    m_tabs->addTab(detailsPage, tr("&Details"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_headline);
    layout->addWidget(m_subline);
    layout->addWidget(m_error);
    layout->addWidget(m_badgePanel);
    layout->addWidget(m_times);
    layout->addWidget(m_tabs, 1);
}

QLabel *InspectionView::explanation(InspectorBadge *badge) const
{
    return m_explanations.value(badge);
}

void InspectionView::clear(const QString &hint)
{
    m_result.reset();
    m_headline->setText(hint);
    m_subline->clear();
    m_subline->hide();
    m_times->hide();
    m_error->hide();
    m_badgePanel->hide();
    m_json->setTree(nullptr);
    m_json->setPlaceholder(QString());
    m_headers->clear();
    m_details->clear();
    m_copyReport->setEnabled(false);
}

void InspectionView::setBusy(bool busy)
{
    setCursor(busy ? Qt::BusyCursor : Qt::ArrowCursor);
    if (busy && !m_result)
        m_headline->setText(tr("Inspecting…"));
}

void InspectionView::showResult(const InspectionResult &result, const InspectionContext &context)
{
    m_result = result;
    m_context = context;
    const inspect::Report &report = result.report;

    m_headline->setText(headlineText(report, result.jweKid));
    QStringList sub;
    sub.append(tr("Read as %1").arg(formText(report.form)));
    if (!report.decryptedWith.isEmpty())
        sub.append(tr("decrypted with %1").arg(report.decryptedWith));
    if (report.signatureVerified)
        sub.append(tr("signed with JWKS key %1").arg(report.verifiedWith));
    m_subline->setText(sub.join(QStringLiteral(" · ")) + QLatin1Char('.'));
    // Input that could not be read was not read "as" anything.
    m_subline->setVisible(report.exitClass != inspect::ExitClass::Malformed || report.payloadReached);

    // Other failures are explained by their badge.
    if (report.exitClass == inspect::ExitClass::Malformed) {
        m_error->setBadge(Tone::Bad, report.error + QLatin1Char('\n') +
                                         tr("Paste what the webhook received: a JWE or JWT token, the JSON body, or "
                                            "the whole HTTP request with its headers."));
        m_error->show();
    } else {
        m_error->hide();
    }

    QStringList times;
    for (const inspect::Timestamp &time : report.timestamps)
        times.append(tr("%1: %2").arg(time.path, inspect::readableTime(time.time)));
    m_times->setText(times.isEmpty() ? QString()
                                     : tr("Times in the payload — %1").arg(times.join(QStringLiteral(", "))));
    m_times->setVisible(!times.isEmpty());

    if (result.tree) {
        m_json->setTree(result.tree);
    } else {
        m_json->setTree(nullptr);
        m_json->setPlaceholder(report.payloadReached
                                   ? tr("The payload is not JSON: its text is under Details.")
                                   : tr("The payload could not be reached. The badges above say why."));
    }
    m_copyReport->setEnabled(true);
    fillHeaders();
    fillDetails();
    updateBadges();
}

void InspectionView::setContext(const InspectionContext &context)
{
    m_context = context;
    if (m_result)
        updateBadges();
}

void InspectionView::setBadgeRow(InspectorBadge *badge, bool visible, int tone, const QString &text,
                                 const QString &explanation)
{
    QLabel *label = m_explanations.value(badge);
    badge->setVisible(visible);
    label->setVisible(visible);
    if (!visible)
        return;
    badge->setBadge(Tone(tone), text);
    badge->setToolTip(explanation);
    label->setText(explanation);
    label->setAccessibleName(explanation);
}

void InspectionView::updateBadges()
{
    const inspect::Report &report = m_result->report;
    const InspectionContext &ctx = m_context;
    m_badgePanel->setVisible(report.exitClass != inspect::ExitClass::Malformed || !report.checks.isEmpty());

    // Decryption.
    if (const Check *check = report.check(Check::Kind::Decryption)) {
        if (check->status == Check::Status::Passed)
            setBadgeRow(m_decryption, true, int(Tone::Good), tr("Decrypted"),
                        tr("%1 ZITADEL encrypted it with the target's public key; only the holder of the private key "
                           "can read it.")
                            .arg(check->summary));
        else
            setBadgeRow(m_decryption, true, int(Tone::Bad), tr("Could not decrypt"),
                        check->detail.isEmpty() ? check->summary : check->summary + QLatin1Char(' ') + check->detail);
    } else if (report.payloadReached) {
        setBadgeRow(m_decryption, true, int(Tone::Neutral), tr("Not encrypted"),
                    tr("The body is not a JWE: ZITADEL sends it readable when the target's payload type is JSON or "
                       "JWT."));
    } else {
        setBadgeRow(m_decryption, false, 0, {}, {});
    }

    // The inner JWT's signature.
    if (const Check *check = report.check(Check::Kind::Signature)) {
        switch (check->status) {
        case Check::Status::Passed:
            setBadgeRow(m_signature, true, int(Tone::Good), tr("Signed by the instance"),
                        tr("%1 ZITADEL made this payload and nobody changed it since.").arg(check->summary));
            break;
        case Check::Status::Failed:
            setBadgeRow(m_signature, true, int(Tone::Bad), tr("Signature invalid"),
                        tr("%1 The payload was changed after it was signed, or someone other than the instance "
                           "signed it: do not trust it.")
                            .arg(check->summary));
            break;
        case Check::Status::NotChecked:
            setBadgeRow(m_signature, true, int(Tone::Warning), tr("Unverified"),
                        check->summary + QLatin1Char(' ') +
                            (ctx.connected ? tr("The instance's JWKS could not be fetched; try Fetch JWKS again.")
                                           : tr("Connect to the instance or load its JWKS file to check who signed "
                                                "it.")));
            break;
        }
    } else if (report.payloadReached) {
        setBadgeRow(m_signature, true, int(Tone::Neutral), tr("No JWT signature"),
                    tr("A JSON payload carries no signature of its own; only the ZITADEL-Signature header shows who "
                       "sent it."));
    } else {
        setBadgeRow(m_signature, false, 0, {}, {});
    }

    // ZITADEL-Signature.
    const Check *webhook = report.check(Check::Kind::WebhookSignature);
    if (webhook && m_result->webhook) {
        const crypto::WebhookSignatureCheck &w = *m_result->webhook;
        const QString age = crypto::describeAge(w.ageSeconds);
        QString explanation = webhook->summary;
        if (!ctx.signingKeySource.isEmpty())
            explanation += QLatin1Char(' ') + tr("Signing key: %1.").arg(ctx.signingKeySource);
        if (!ctx.ageEnforced)
            explanation += QLatin1Char(' ') + tr("The 300 s age limit is not enforced.");
        switch (w.outcome) {
        case crypto::WebhookSignatureCheck::Outcome::Valid:
            setBadgeRow(m_webhook, true, int(Tone::Good), tr("Webhook signature valid · %1").arg(age), explanation);
            break;
        case crypto::WebhookSignatureCheck::Outcome::Invalid:
            setBadgeRow(m_webhook, true, int(Tone::Bad), tr("Webhook signature invalid"),
                        explanation + QLatin1Char(' ') +
                            tr("The body was changed, or the signing key is not this target's."));
            break;
        case crypto::WebhookSignatureCheck::Outcome::OutsideTolerance:
            setBadgeRow(m_webhook, true, int(Tone::Bad), tr("Webhook signature too old · %1").arg(age),
                        explanation + QLatin1Char(' ') +
                            tr("The signature matches, but a receiver refuses it as a possible replay. For an old "
                               "capture, turn off the age limit."));
            break;
        case crypto::WebhookSignatureCheck::Outcome::Malformed:
            setBadgeRow(m_webhook, true, int(Tone::Bad), tr("Webhook signature unreadable"), explanation);
            break;
        }
    } else if (webhook) {
        const bool hasHeader = m_result->capture.header("ZITADEL-Signature").has_value();
        setBadgeRow(m_webhook, true, int(Tone::Neutral), tr("Webhook signature not checked"),
                    hasHeader ? webhook->summary + QLatin1Char(' ') +
                                    tr("Choose the target or enter its signing key on the left.")
                              : webhook->summary);
    } else {
        setBadgeRow(m_webhook, false, 0, {}, {});
    }

    // The state of the key the payload was encrypted for, as the instance lists it.
    const InspectorInstance::KeyOwner &owner = ctx.jweKeyOwner;
    if (owner.found && owner.key && owner.key->isExpired()) {
        setBadgeRow(m_keyState, true, int(Tone::Warning), tr("Expired key"),
                    tr("Key %1 of target “%2” expired on %3. ZITADEL no longer encrypts with it: this is an old "
                       "payload, or the target needs a new key.")
                        .arg(owner.key->keyId, owner.targetName.isEmpty() ? owner.targetId : owner.targetName,
                             inspect::readableTime(owner.key->expirationDate)));
    } else if (owner.found && owner.key && !owner.key->active) {
        setBadgeRow(m_keyState, true, int(Tone::Neutral), tr("Inactive key"),
                    tr("Key %1 of target “%2” is not the active key: ZITADEL now encrypts with another one.")
                        .arg(owner.key->keyId, owner.targetName.isEmpty() ? owner.targetId : owner.targetName));
    } else if (owner.found) {
        setBadgeRow(m_keyState, true, int(Tone::Good),
                    tr("Key of target “%1”").arg(owner.targetName.isEmpty() ? owner.targetId : owner.targetName),
                    owner.key ? tr("Key id %1 is the active key of this target.").arg(owner.key->keyId)
                              : tr("The vault says this key belongs to the target (offline: its state is unknown)."));
    } else {
        setBadgeRow(m_keyState, false, 0, {}, {});
    }

    // Key ids nobody knows.
    QStringList unknown;
    const bool decrypted = !report.decryptedWith.isEmpty();
    if (!m_result->jweKid.isEmpty() && !ctx.vaultKnowsJweKid && !owner.found && owner.searched) {
        if (ctx.connected && owner.error.isEmpty())
            unknown.append(tr("No key in the vault and no target of %1 has a public key with id %2: the key was "
                              "removed, or the payload comes from another instance.")
                               .arg(ctx.instanceName, m_result->jweKid));
        else if (!ctx.connected && !decrypted)
            unknown.append(tr("No key in the vault has the key id %1. Add the private key file, or connect to the "
                              "instance to find the target.")
                               .arg(m_result->jweKid));
    }
    if (ctx.jwksLoaded && !m_result->jwtKid.isEmpty() && !ctx.jwtKidInJwks)
        unknown.append(tr("The instance's JWKS has no signing key %1: the instance rotated its web keys since, or "
                          "the payload comes from another instance.")
                           .arg(m_result->jwtKid));
    setBadgeRow(m_unknownKid, !unknown.isEmpty(), int(Tone::Warning), tr("Unknown key id"),
                unknown.join(QLatin1Char(' ')));
}

void InspectionView::fillHeaders()
{
    m_headers->clear();
    const InspectionResult &result = *m_result;
    if (!result.capture.headers.isEmpty()) {
        auto *http = new QTreeWidgetItem(m_headers);
        http->setText(0, result.capture.requestLine.isEmpty() ? tr("HTTP headers (captured)")
                                                              : tr("HTTP request: %1").arg(result.capture.requestLine));
        http->setFirstColumnSpanned(true);
        for (const auto &[name, value] : result.capture.headers) {
            auto *item = new QTreeWidgetItem(http);
            item->setText(0, QString::fromUtf8(name));
            item->setText(1, QString::fromUtf8(value));
            if (name.compare("ZITADEL-Signature", Qt::CaseInsensitive) == 0)
                item->setText(2, tr("t = when ZITADEL signed, v1 = HMAC-SHA256 of “t.body” with the signing key"));
        }
    }
    for (const inspect::Layer &layer : result.report.layers) {
        if (layer.kind == inspect::Layer::Kind::Payload)
            continue;
        auto *top = new QTreeWidgetItem(m_headers);
        top->setText(0, layer.kind == inspect::Layer::Kind::Jwe ? tr("JWE header (outer layer: encryption)")
                                                                : tr("JWT header (inner layer: signature)"));
        top->setFirstColumnSpanned(true);
        for (const inspect::HeaderField &field : layer.fields) {
            auto *item = new QTreeWidgetItem(top);
            item->setText(0, field.name);
            item->setText(1, valueText(field.value));
            item->setText(2, field.meaning);
            item->setToolTip(2, field.meaning);
        }
    }
    if (m_headers->topLevelItemCount() == 0) {
        auto *none = new QTreeWidgetItem(m_headers);
        none->setText(0, tr("No headers: the input is a plain JSON body."));
        none->setFirstColumnSpanned(true);
    }
    m_headers->expandAll();
}

void InspectionView::fillDetails()
{
    const inspect::Report &report = m_result->report;
    QStringList lines;
    lines.append(
        tr("Outcome: %1 (exit class %2)").arg(inspect::exitClassName(report.exitClass)).arg(report.exitCode()));
    if (!report.error.isEmpty())
        lines.append(tr("Problem: %1").arg(report.error));
    if (!report.errorDetail.isEmpty())
        lines.append(indent(report.errorDetail, 2));
    lines.append(tr("Input: %1, inspected in %2 ms").arg(formText(report.form)).arg(m_result->elapsedMs));
    lines.append(QString());
    for (const Check &check : report.checks) {
        lines.append(tr("%1: %2").arg(checkName(check.kind), statusWord(check.status)));
        lines.append(indent(check.summary, 2));
        if (!check.detail.isEmpty())
            lines.append(indent(check.detail, 2));
        for (const QString &attempt : check.attempts)
            lines.append(indent(QStringLiteral("· ") + attempt, 2));
    }
    if (!report.notes.isEmpty()) {
        lines.append(QString());
        lines.append(tr("Notes:"));
        for (const QString &note : report.notes)
            lines.append(indent(note, 2));
    }
    if (!report.timestamps.isEmpty()) {
        lines.append(QString());
        lines.append(tr("Times:"));
        for (const inspect::Timestamp &time : report.timestamps)
            lines.append(indent(tr("%1 = %2 (%3)").arg(time.path, time.raw, inspect::readableTime(time.time)), 2));
    }
    if (report.payloadReached) {
        lines.append(QString());
        lines.append(tr("Payload as received:"));
        // The text as ZITADEL sent it; a huge payload is cut for display (the tree and Copy have all of it).
        constexpr qsizetype shown = 256 * 1024;
        lines.append(QString::fromUtf8(report.payload.left(shown)));
        if (report.payload.size() > shown)
            lines.append(tr("… (%1 more bytes)").arg(report.payload.size() - shown));
    }
    m_details->setPlainText(lines.join(QLatin1Char('\n')));
}

} // namespace targetdesk::gui
