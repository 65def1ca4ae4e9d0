<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>CheckEngine</name>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="31"/>
        <source>target %1</source>
        <translation>Ziel %1</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="36"/>
        <source>execution %1</source>
        <translation>Ausführung %1</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="99"/>
        <source>No execution calls this target.</source>
        <translation>Keine Ausführung ruft dieses Ziel auf.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="100"/>
        <source>ZITADEL never sends it anything.</source>
        <translation>ZITADEL sendet ihm nie etwas.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="101"/>
        <source>Add it to an execution, or delete it if it is no longer needed.</source>
        <translation>Fügen Sie es einer Ausführung hinzu, oder löschen Sie es, wenn es nicht mehr gebraucht wird.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="118"/>
        <source>The target&apos;s payload type is JWE, but it has no active public key.</source>
        <translation>Der Payload-Typ des Ziels ist JWE, aber es hat keinen aktiven öffentlichen Schlüssel.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="119"/>
        <source>ZITADEL cannot encrypt the payload, so the target is sent nothing (with interrupt-on-error the call fails).</source>
        <translation>ZITADEL kann die Payload nicht verschlüsseln, also erhält das Ziel nichts (mit interrupt-on-error schlägt der Aufruf fehl).</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="121"/>
        <source>Add a public key to the target and activate it.</source>
        <translation>Fügen Sie dem Ziel einen öffentlichen Schlüssel hinzu und aktivieren Sie ihn.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="128"/>
        <source>The active key %1 expired on %2.</source>
        <translation>Der aktive Schlüssel %1 ist am %2 abgelaufen.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="130"/>
        <source>ZITADEL does not encrypt with an expired key, so the target is sent nothing, although the key still shows as active.</source>
        <translation>ZITADEL verschlüsselt nicht mit einem abgelaufenen Schlüssel, also erhält das Ziel nichts, obwohl der Schlüssel noch als aktiv angezeigt wird.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="132"/>
        <source>Add a new key and activate it (a rotation).</source>
        <translation>Fügen Sie einen neuen Schlüssel hinzu und aktivieren Sie ihn (eine Rotation).</translation>
    </message>
    <message numerus="yes">
        <location filename="../lib/checks/checkengine.cpp" line="137"/>
        <source>The active key %1 expires on %2, in %n day(s).</source>
        <translation>
            <numerusform>Der aktive Schlüssel %1 läuft am %2 ab, in %n Tag.</numerusform>
            <numerusform>Der aktive Schlüssel %1 läuft am %2 ab, in %n Tagen.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="139"/>
        <source>From then on ZITADEL sends the target nothing until a new key is active.</source>
        <translation>Ab dann sendet ZITADEL dem Ziel nichts mehr, bis ein neuer Schlüssel aktiv ist.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="140"/>
        <source>Rotate now: add a new key, update the receiver, activate the new key.</source>
        <translation>Rotieren Sie jetzt: einen neuen Schlüssel hinzufügen, den Empfänger anpassen, den neuen Schlüssel aktivieren.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="150"/>
        <source>The endpoint %1 uses plain http.</source>
        <translation>Der Endpunkt %1 verwendet reines http.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="151"/>
        <source>Payloads, and the signature header, travel unencrypted: anyone on the path can read them, and for a call target change the answer.</source>
        <translation>Payloads und der Signatur-Header werden unverschlüsselt übertragen: Jeder auf dem Weg kann sie lesen und bei einem Call-Ziel die Antwort verändern.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="153"/>
        <source>Serve the receiver over https and change the endpoint.</source>
        <translation>Stellen Sie den Empfänger über https bereit und ändern Sie den Endpunkt.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="158"/>
        <source>The endpoint&apos;s host %1 does not resolve from this machine.</source>
        <translation>Der Host %1 des Endpunkts lässt sich von diesem Rechner aus nicht auflösen.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="159"/>
        <source>If ZITADEL cannot resolve it either, every call to the target fails (and with interrupt-on-error, so does the API call behind it).</source>
        <translation>Kann ZITADEL ihn ebenfalls nicht auflösen, schlägt jeder Aufruf des Ziels fehl (und mit interrupt-on-error auch der API-Aufruf dahinter).</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="161"/>
        <source>Check the host name for typos, or its DNS record.</source>
        <translation>Prüfen Sie den Hostnamen auf Tippfehler oder seinen DNS-Eintrag.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="179"/>
        <source>instance</source>
        <translation>Instanz</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="180"/>
        <source>The instance&apos;s web keys could not be read, so the check for an active web key was skipped: %1</source>
        <translation>Die Web-Keys der Instanz konnten nicht gelesen werden, daher wurde die Prüfung auf einen aktiven Web-Key übersprungen: %1</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="183"/>
        <source>Without an active web key ZITADEL sends JWT and JWE targets nothing.</source>
        <translation>Ohne aktiven Web-Key sendet ZITADEL JWT- und JWE-Zielen nichts.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="184"/>
        <source>Run the checks with a user that has iam.web_key.read (IAM_OWNER).</source>
        <translation>Führen Sie die Prüfungen mit einem Benutzer aus, der iam.web_key.read hat (IAM_OWNER).</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="194"/>
        <source>The target takes %1 payloads, but the instance has no active web key.</source>
        <translation>Das Ziel erhält %1-Payloads, aber die Instanz hat keinen aktiven Web-Key.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="196"/>
        <source>ZITADEL cannot sign the payload (Errors.WebKey.NoActive), so the target is skipped, or the call fails with interrupt-on-error.</source>
        <translation>ZITADEL kann die Payload nicht signieren (Errors.WebKey.NoActive), also wird das Ziel übersprungen, oder der Aufruf schlägt mit interrupt-on-error fehl.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="198"/>
        <source>Activate a web key on the instance (Web Keys API or console).</source>
        <translation>Aktivieren Sie einen Web-Key in der Instanz (Web-Keys-API oder Konsole).</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="211"/>
        <source>The execution calls target %1, which does not exist.</source>
        <translation>Die Ausführung ruft das Ziel %1 auf, das es nicht gibt.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="212"/>
        <source>ZITADEL skips it; the execution does less than it says.</source>
        <translation>ZITADEL überspringt es; die Ausführung tut weniger, als sie angibt.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="213"/>
        <source>Remove the id from the execution, or create the target again and add it.</source>
        <translation>Entfernen Sie die ID aus der Ausführung, oder legen Sie das Ziel neu an und fügen Sie es hinzu.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="219"/>
        <source>%1 interrupts on error and runs for every %2 of the instance.</source>
        <translation>%1 bricht bei Fehler ab und läuft bei jeder %2 der Instanz.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="220"/>
        <source>request</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="221"/>
        <source>response</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="222"/>
        <source>If the endpoint fails once (a typo, the host down), every API call fails, your own included: the instance is locked until the execution is removed by other means (ZITADEL issue #8205).</source>
        <translation>Schlägt der Endpunkt einmal fehl (ein Tippfehler, der Host ist nicht erreichbar), schlägt jeder API-Aufruf fehl, auch Ihr eigener: Die Instanz ist gesperrt, bis die Ausführung auf anderem Weg entfernt wird (ZITADEL-Issue #8205).</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="225"/>
        <source>Turn interrupt-on-error off, or narrow the condition to the methods that need it.</source>
        <translation>Schalten Sie interrupt-on-error aus, oder schränken Sie die Bedingung auf die Methoden ein, die es brauchen.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="230"/>
        <source>%1 interrupts on error and runs for every method of %2.</source>
        <translation>%1 bricht bei Fehler ab und läuft bei jeder Methode von %2.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="232"/>
        <source>If the endpoint fails, every call of that service fails, an admin&apos;s own included (ZITADEL issue #8205).</source>
        <translation>Schlägt der Endpunkt fehl, schlägt jeder Aufruf dieses Dienstes fehl, auch der eines Administrators (ZITADEL-Issue #8205).</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="234"/>
        <source>Turn interrupt-on-error off, or narrow the condition to single methods.</source>
        <translation>Schalten Sie interrupt-on-error aus, oder schränken Sie die Bedingung auf einzelne Methoden ein.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="239"/>
        <source>%1 interrupts on error on an event execution.</source>
        <translation>%1 bricht bei Fehler ab und gehört zu einer Ereignis-Ausführung.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="240"/>
        <source>On the affected ZITADEL versions event executions make API calls fail; with interrupt-on-error the instance becomes unusable, login included (ZITADEL issue #12225). Events are never retried.</source>
        <translation>In den betroffenen ZITADEL-Versionen lassen Ereignis-Ausführungen API-Aufrufe fehlschlagen; mit interrupt-on-error wird die Instanz unbenutzbar, die Anmeldung eingeschlossen (ZITADEL-Issue #12225). Ereignisse werden nie wiederholt.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="243"/>
        <source>Turn interrupt-on-error off for targets of event executions.</source>
        <translation>Schalten Sie interrupt-on-error für Ziele von Ereignis-Ausführungen aus.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="248"/>
        <source>%1 takes %2 payloads and is called by an event execution.</source>
        <translation>%1 erhält %2-Payloads und wird von einer Ereignis-Ausführung aufgerufen.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="250"/>
        <source>ZITADEL never calls JWT or JWE targets for events: the worker finds no signing key (ZITADEL issue #11985). The target receives nothing.</source>
        <translation>ZITADEL ruft JWT- oder JWE-Ziele für Ereignisse nie auf: Der Worker findet keinen Signaturschlüssel (ZITADEL-Issue #11985). Das Ziel erhält nichts.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="252"/>
        <source>Use a JSON target for events (check the ZITADEL-Signature header instead).</source>
        <translation>Verwenden Sie für Ereignisse ein JSON-Ziel (und prüfen Sie stattdessen den ZITADEL-Signature-Header).</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="257"/>
        <source>%1 is an async target on function %2.</source>
        <translation>%1 ist ein Async-Ziel an der Funktion %2.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="258"/>
        <source>ZITADEL does not wait for an async target, so nothing it answers (claims, metadata) reaches the function.</source>
        <translation>ZITADEL wartet nicht auf ein Async-Ziel, also erreicht nichts von seiner Antwort (Claims, Metadaten) die Funktion.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="260"/>
        <source>Use a call target to change what the function returns, or a webhook to be told.</source>
        <translation>Verwenden Sie ein Call-Ziel, um zu ändern, was die Funktion liefert, oder einen Webhook, um nur benachrichtigt zu werden.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="267"/>
        <source>The execution runs on every event of the instance.</source>
        <translation>Die Ausführung läuft bei jedem Ereignis der Instanz.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="268"/>
        <source>On the affected ZITADEL versions this makes API calls fail whatever the target answers (ZITADEL issue #12225), and it sends the target a flood.</source>
        <translation>In den betroffenen ZITADEL-Versionen lässt das API-Aufrufe fehlschlagen, was auch immer das Ziel antwortet (ZITADEL-Issue #12225), und es überflutet das Ziel mit Aufrufen.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="270"/>
        <source>Name the events or event groups you need.</source>
        <translation>Nennen Sie die Ereignisse oder Ereignisgruppen, die Sie brauchen.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="276"/>
        <source>Execution %1 runs for all methods.</source>
        <translation>Die Ausführung %1 läuft für alle Methoden.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="277"/>
        <source>Execution %1 runs for a whole service.</source>
        <translation>Die Ausführung %1 läuft für einen ganzen Dienst.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="278"/>
        <source>ZITADEL before v4.7.1 never fires service and all conditions (ZITADEL issue #10895).</source>
        <translation>ZITADEL vor v4.7.1 löst Bedingungen für einen Dienst oder für alles nie aus (ZITADEL-Issue #10895).</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="280"/>
        <source>Make sure the instance runs v4.7.1 or later, or name single methods.</source>
        <translation>Stellen Sie sicher, dass die Instanz v4.7.1 oder neuer verwendet, oder nennen Sie einzelne Methoden.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="300"/>
        <source>More specific executions take every call this one matches: %1.</source>
        <translation>Spezifischere Ausführungen übernehmen jeden Aufruf, auf den diese zutrifft: %1.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="302"/>
        <source>ZITADEL runs only the best-matching execution, so this one never fires and its targets are never called from it.</source>
        <translation>ZITADEL führt nur die am besten passende Ausführung aus, also löst diese nie aus, und ihre Ziele werden nie über sie aufgerufen.</translation>
    </message>
    <message>
        <location filename="../lib/checks/checkengine.cpp" line="304"/>
        <source>Add its targets to the more specific executions, or remove it.</source>
        <translation>Fügen Sie ihre Ziele den spezifischeren Ausführungen hinzu, oder entfernen Sie sie.</translation>
    </message>
</context>
<context>
    <name>ConnectionInfo</name>
    <message>
        <location filename="../app/gui/connections/connectioninfo.cpp" line="24"/>
        <source>“%1” is not an instance URL. Use the address of your ZITADEL instance, for example https://my-instance.zitadel.cloud</source>
        <translation>„%1“ ist keine Instanz-URL. Verwenden Sie die Adresse Ihrer ZITADEL-Instanz, zum Beispiel https://my-instance.zitadel.cloud</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/connectioninfo.cpp" line="28"/>
        <source>No access token. Set the environment variable TARGETDESK_TOKEN to a personal access token of a service user with the IAM_OWNER role (or IAM_OWNER_VIEWER to only look), then start Targetdesk again. The token is never accepted on the command line, where other users could see it.</source>
        <translation>Kein Zugriffstoken. Setzen Sie die Umgebungsvariable TARGETDESK_TOKEN auf ein Personal Access Token eines Service-Users mit der Rolle IAM_OWNER (oder IAM_OWNER_VIEWER, um nur zu lesen) und starten Sie Targetdesk neu. Das Token wird nie auf der Kommandozeile angenommen, wo andere Benutzer es sehen könnten.</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/connectioninfo.cpp" line="45"/>
        <source>Sandbox (starting…)</source>
        <translation>Sandbox (startet…)</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/connectioninfo.cpp" line="47"/>
        <source>Sandbox (%1)</source>
        <translation>Sandbox (%1)</translation>
    </message>
</context>
<context>
    <name>ExecutionCondition</name>
    <message>
        <location filename="../lib/model/execution.cpp" line="18"/>
        <source>request</source>
        <translation>request</translation>
    </message>
    <message>
        <location filename="../lib/model/execution.cpp" line="20"/>
        <source>response</source>
        <translation>response</translation>
    </message>
    <message>
        <location filename="../lib/model/execution.cpp" line="22"/>
        <source>event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <location filename="../lib/model/execution.cpp" line="24"/>
        <source>function</source>
        <translation>Funktion</translation>
    </message>
    <message>
        <location filename="../lib/model/execution.cpp" line="44"/>
        <source>all events</source>
        <translation>alle Ereignisse</translation>
    </message>
    <message>
        <location filename="../lib/model/execution.cpp" line="45"/>
        <source>all methods</source>
        <translation>alle Methoden</translation>
    </message>
    <message>
        <location filename="../lib/model/execution.cpp" line="48"/>
        <source>group %1</source>
        <translation>Gruppe %1</translation>
    </message>
    <message>
        <location filename="../lib/model/execution.cpp" line="49"/>
        <source>service %1</source>
        <translation>Dienst %1</translation>
    </message>
    <message>
        <location filename="../lib/model/execution.cpp" line="180"/>
        <source>write request:/SERVICE/METHOD, request:SERVICE, request:all (or response:...), function:NAME, event:TYPE, event-group:GROUP or event:all</source>
        <translation>schreiben Sie request:/SERVICE/METHOD, request:SERVICE, request:all (oder response:...), function:NAME, event:TYPE, event-group:GROUP oder event:all</translation>
    </message>
    <message>
        <location filename="../lib/model/execution.cpp" line="186"/>
        <source>&quot;%1&quot; is not a condition: %2</source>
        <translation>„%1“ ist keine Bedingung: %2</translation>
    </message>
    <message>
        <location filename="../lib/model/execution.cpp" line="191"/>
        <source>&quot;%1&quot; names nothing after &quot;%2:&quot;: %3</source>
        <translation>„%1“ nennt nichts nach „%2:“: %3</translation>
    </message>
    <message>
        <location filename="../lib/model/execution.cpp" line="195"/>
        <source>&quot;%1&quot; has a blank in it: %2</source>
        <translation>„%1“ enthält ein Leerzeichen: %2</translation>
    </message>
    <message>
        <location filename="../lib/model/execution.cpp" line="207"/>
        <source>&quot;%1&quot;: a method is written /SERVICE/METHOD, e.g. %2:/zitadel.user.v2.UserService/AddHumanUser</source>
        <translation>„%1“: Eine Methode wird /SERVICE/METHOD geschrieben, z. B. %2:/zitadel.user.v2.UserService/AddHumanUser</translation>
    </message>
    <message>
        <location filename="../lib/model/execution.cpp" line="214"/>
        <source>&quot;%1&quot;: a method starts with a slash (%2:/%3); a service has none (%2:zitadel.user.v2.UserService)</source>
        <translation>„%1“: Eine Methode beginnt mit einem Schrägstrich (%2:/%3); ein Dienst hat keinen (%2:zitadel.user.v2.UserService)</translation>
    </message>
    <message>
        <location filename="../lib/model/execution.cpp" line="234"/>
        <source>&quot;%1&quot;: write a group without the wildcard (event-group:%2); ZITADEL refuses &quot;.*&quot;</source>
        <translation>„%1“: Schreiben Sie eine Gruppe ohne Platzhalter (event-group:%2); ZITADEL lehnt „.*“ ab</translation>
    </message>
    <message>
        <location filename="../lib/model/execution.cpp" line="249"/>
        <source>&quot;%1&quot;: unknown kind &quot;%2&quot;; %3</source>
        <translation>„%1“: unbekannte Art „%2“; %3</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <location filename="../app/gui/widgets/messageboxconfirmer.cpp" line="54"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>TargetRules</name>
    <message>
        <location filename="../lib/model/targetrules.cpp" line="160"/>
        <source>Enter a name.</source>
        <translation>Geben Sie einen Namen ein.</translation>
    </message>
    <message>
        <location filename="../lib/model/targetrules.cpp" line="164"/>
        <location filename="../lib/model/targetrules.cpp" line="174"/>
        <source>At most %1 characters; this one has %2.</source>
        <translation>Höchstens %1 Zeichen; dieser hat %2.</translation>
    </message>
    <message>
        <location filename="../lib/model/targetrules.cpp" line="172"/>
        <source>Enter the URL ZITADEL calls, e.g. https://hooks.example.com/zitadel.</source>
        <translation>Geben Sie die URL ein, die ZITADEL aufruft, z. B. https://hooks.example.com/zitadel.</translation>
    </message>
    <message>
        <location filename="../lib/model/targetrules.cpp" line="180"/>
        <source>Not a valid URL.</source>
        <translation>Keine gültige URL.</translation>
    </message>
    <message>
        <location filename="../lib/model/targetrules.cpp" line="182"/>
        <source>Use an http:// or https:// URL.</source>
        <translation>Verwenden Sie eine http://- oder https://-URL.</translation>
    </message>
    <message>
        <location filename="../lib/model/targetrules.cpp" line="184"/>
        <source>The URL needs a host name.</source>
        <translation>Die URL braucht einen Hostnamen.</translation>
    </message>
    <message>
        <location filename="../lib/model/targetrules.cpp" line="187"/>
        <source>ZITADEL&apos;s default deny list blocks local and private addresses like %1: the server refuses this endpoint unless its deny list was changed.</source>
        <translation>ZITADELs Standard-Sperrliste blockiert lokale und private Adressen wie %1: Der Server lehnt diesen Endpunkt ab, sofern seine Sperrliste nicht geändert wurde.</translation>
    </message>
    <message>
        <location filename="../lib/model/targetrules.cpp" line="196"/>
        <source>The timeout must be more than 0.</source>
        <translation>Das Zeitlimit muss größer als 0 sein.</translation>
    </message>
    <message>
        <location filename="../lib/model/targetrules.cpp" line="198"/>
        <source>At most 270 seconds (4.5 minutes).</source>
        <translation>Höchstens 270 Sekunden (4,5 Minuten).</translation>
    </message>
</context>
<context>
    <name>api</name>
    <message>
        <location filename="../lib/api/targetupdate.cpp" line="20"/>
        <source>on</source>
        <translation>an</translation>
    </message>
    <message>
        <location filename="../lib/api/targetupdate.cpp" line="20"/>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <location filename="../lib/api/targetupdate.cpp" line="49"/>
        <source>a new key</source>
        <translation>einen neuen Schlüssel</translation>
    </message>
    <message>
        <location filename="../lib/api/targetupdate.cpp" line="50"/>
        <source>a different key</source>
        <translation>einen anderen Schlüssel</translation>
    </message>
    <message>
        <location filename="../lib/api/targetupdate.cpp" line="57"/>
        <source>interrupt-on-error</source>
        <translation>interrupt-on-error</translation>
    </message>
    <message>
        <location filename="../lib/api/targetupdate.cpp" line="59"/>
        <source>payload type</source>
        <translation>Payload-Typ</translation>
    </message>
    <message>
        <location filename="../lib/api/targetupdate.cpp" line="61"/>
        <source>signing key</source>
        <translation>Signaturschlüssel</translation>
    </message>
    <message>
        <location filename="../lib/api/targetupdate.cpp" line="69"/>
        <source>%1 (sent %2, ZITADEL still has %3)</source>
        <translation>%1 (%2 gesendet, ZITADEL hat weiterhin %3)</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/shell/main.cpp" line="53"/>
        <source>Manage ZITADEL Actions v2 targets. Without --instance, Targetdesk starts a local sandbox that emulates ZITADEL, with sample data.</source>
        <translation>ZITADEL-Actions-v2-Ziele verwalten. Ohne --instance startet Targetdesk eine lokale Sandbox, die ZITADEL nachbildet, mit Beispieldaten.</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/main.cpp" line="59"/>
        <source>Connect to the ZITADEL instance at &lt;url&gt;; the access token is read from the environment variable TARGETDESK_TOKEN.</source>
        <translation>Mit der ZITADEL-Instanz unter &lt;url&gt; verbinden; das Zugriffstoken wird aus der Umgebungsvariable TARGETDESK_TOKEN gelesen.</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/main.cpp" line="65"/>
        <source>Open the Payload Inspector, with FILE (a captured payload) when given.</source>
        <translation>Den Payload-Inspektor öffnen, mit DATEI (einer mitgeschnittenen Payload), wenn angegeben.</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/main.cpp" line="68"/>
        <source>With --inspect: a captured payload to inspect.</source>
        <translation>Mit --inspect: eine mitgeschnittene Payload zum Untersuchen.</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/main.cpp" line="81"/>
        <source>Cannot connect</source>
        <translation>Verbindung nicht möglich</translation>
    </message>
</context>
<context>
    <name>targetdesk-cli</name>
    <message>
        <location filename="../app/cli/core/authhint.cpp" line="23"/>
        <source> (The token comes from TARGETDESK_TOKEN.)</source>
        <translation> (Das Token kommt aus TARGETDESK_TOKEN.)</translation>
    </message>
    <message>
        <location filename="../app/cli/core/helptext.cpp" line="12"/>
        <source>Usage: targetdesk-cli %1

%2
</source>
        <translation>Aufruf: targetdesk-cli %1

%2
</translation>
    </message>
    <message>
        <location filename="../app/cli/core/command.cpp" line="35"/>
        <location filename="../app/cli/inspect/inspectcommand.cpp" line="358"/>
        <location filename="../app/cli/receive/receivecommand.cpp" line="133"/>
        <source>
Options:
</source>
        <translation>
Optionen:
</translation>
    </message>
    <message>
        <location filename="../app/cli/core/command.cpp" line="41"/>
        <location filename="../app/cli/core/globaloptions.cpp" line="9"/>
        <location filename="../app/cli/inspect/inspectcommand.cpp" line="370"/>
        <location filename="../app/cli/receive/receivecommand.cpp" line="159"/>
        <source>Show this help and exit.</source>
        <translation>Diese Hilfe anzeigen und beenden.</translation>
    </message>
    <message>
        <location filename="../app/cli/core/command.cpp" line="52"/>
        <source>&apos;%1&apos; needs </source>
        <translation>„%1“ braucht </translation>
    </message>
    <message>
        <location filename="../app/cli/core/command.cpp" line="55"/>
        <source>unexpected argument &apos;%1&apos; for &apos;%2&apos;</source>
        <translation>unerwartetes Argument „%1“ für „%2“</translation>
    </message>
    <message>
        <location filename="../app/cli/core/commandline.cpp" line="25"/>
        <source>%1 or %2</source>
        <extracomment>The last two of a list of alternatives, e.g. &quot;update or delete&quot;</extracomment>
        <translation>%1 oder %2</translation>
    </message>
    <message>
        <location filename="../app/cli/core/commandline.cpp" line="284"/>
        <source>Usage: targetdesk-cli [global options] COMMAND [options]

Manage the targets of ZITADEL Actions v2 from the command line.

Commands:
</source>
        <translation>Aufruf: targetdesk-cli [globale Optionen] BEFEHL [Optionen]

Die Ziele von ZITADEL Actions v2 auf der Kommandozeile verwalten.

Befehle:
</translation>
    </message>
    <message>
        <location filename="../app/cli/core/commandline.cpp" line="292"/>
        <source>
Run &apos;targetdesk-cli COMMAND --help&apos; for the options of a command.
</source>
        <translation>
„targetdesk-cli BEFEHL --help“ zeigt die Optionen eines Befehls.
</translation>
    </message>
    <message>
        <location filename="../app/cli/core/commandline.cpp" line="325"/>
        <source>--request-timeout (or --timeout before the command)</source>
        <translation>--request-timeout (oder --timeout vor dem Befehl)</translation>
    </message>
    <message>
        <location filename="../app/cli/core/connectedcommand.cpp" line="47"/>
        <source>the target id is empty</source>
        <translation>die Ziel-ID ist leer</translation>
    </message>
    <message>
        <location filename="../app/cli/core/connectedcommand.cpp" line="49"/>
        <source>the key id is empty</source>
        <translation>die Schlüssel-ID ist leer</translation>
    </message>
    <message>
        <location filename="../app/cli/core/connectedcommand.cpp" line="82"/>
        <source>hint: is %1 the URL of a ZITADEL instance?
</source>
        <translation>Hinweis: Ist %1 die URL einer ZITADEL-Instanz?
</translation>
    </message>
    <message>
        <location filename="../app/cli/core/globaloptions.cpp" line="11"/>
        <source>Show the version and exit.</source>
        <translation>Die Version anzeigen und beenden.</translation>
    </message>
    <message>
        <location filename="../app/cli/core/globaloptions.cpp" line="14"/>
        <source>ZITADEL instance, e.g. https://my.zitadel.example (default: $TARGETDESK_INSTANCE).</source>
        <translation>ZITADEL-Instanz, z. B. https://my.zitadel.example (Standard: $TARGETDESK_INSTANCE).</translation>
    </message>
    <message>
        <location filename="../app/cli/core/globaloptions.cpp" line="18"/>
        <source>Use the saved connection profile NAME (see &apos;profiles list&apos;) instead of --instance.</source>
        <translation>Das gespeicherte Verbindungsprofil NAME (siehe „profiles list“) statt --instance verwenden.</translation>
    </message>
    <message>
        <location filename="../app/cli/core/globaloptions.cpp" line="22"/>
        <source>Authenticate with this ZITADEL service-user key file (JSON) instead of a token.</source>
        <translation>Mit dieser Schlüsseldatei (JSON) eines ZITADEL-Service-Users statt mit einem Token anmelden.</translation>
    </message>
    <message>
        <location filename="../app/cli/core/globaloptions.cpp" line="26"/>
        <source>Timeout of each request in seconds (default 30).</source>
        <translation>Zeitlimit jeder Anfrage in Sekunden (Standard 30).</translation>
    </message>
    <message>
        <location filename="../app/cli/core/globaloptions.cpp" line="29"/>
        <source>Same as the global --timeout; unambiguous after &apos;targets create|update&apos;.</source>
        <translation>Wie das globale --timeout; eindeutig nach „targets create|update“.</translation>
    </message>
    <message>
        <location filename="../app/cli/core/globaloptions.cpp" line="32"/>
        <source>Print ZITADEL&apos;s own JSON shapes instead of text.</source>
        <translation>ZITADELs eigene JSON-Formen statt Text ausgeben.</translation>
    </message>
    <message>
        <location filename="../app/cli/core/helptext.cpp" line="55"/>
        <source>
Global options (before or after the command):
</source>
        <translation>
Globale Optionen (vor oder nach dem Befehl):
</translation>
    </message>
    <message>
        <location filename="../app/cli/core/helptext.cpp" line="60"/>
        <source>Before the command words: timeout of each request (default 30).</source>
        <translation>Vor den Befehlswörtern: Zeitlimit jeder Anfrage (Standard 30).</translation>
    </message>
    <message>
        <location filename="../app/cli/core/helptext.cpp" line="66"/>
        <source>
Environment:
  TARGETDESK_TOKEN             Personal access token of a ZITADEL service user. Required by the commands
                               that talk to ZITADEL and never taken from the command line.
                               With --profile the secret comes from the OS keychain instead.
  TARGETDESK_INSTANCE          Default for --instance.
  TARGETDESK_AUDIT_LOG         Default for --audit-log.
  TARGETDESK_DATA_DIR          Where the vault index and the audit log live (default: the user&apos;s data
                               directory, e.g. ~/.local/share/Targetdesk).

Exit codes: 0 success, 1 declined at the prompt, 2 usage error, 3 invalid input (nothing was sent),
4 a local file or the keychain failed, 6 the server refused, 7 network or TLS failure (or an answer that
is not ZITADEL&apos;s), 8 `check` found a problem at error level (with --strict: at warning level).
</source>
        <translation>
Umgebung:
  TARGETDESK_TOKEN             Personal Access Token eines ZITADEL-Service-Users. Nötig für die Befehle, die mit
                               ZITADEL sprechen, und nie von der Kommandozeile übernommen.
                               Mit --profile kommt das Geheimnis stattdessen aus dem Schlüsselbund des Systems.
  TARGETDESK_INSTANCE          Standard für --instance.
  TARGETDESK_AUDIT_LOG         Standard für --audit-log.
  TARGETDESK_DATA_DIR          Wo der Tresorindex und das Audit-Log liegen (Standard: das Datenverzeichnis des
                               Benutzers, z. B. ~/.local/share/Targetdesk).

Exit-Codes: 0 Erfolg, 1 bei der Rückfrage abgelehnt, 2 Aufruffehler, 3 ungültige Eingabe (nichts wurde gesendet),
4 eine lokale Datei oder der Schlüsselbund ist fehlgeschlagen, 6 der Server hat abgelehnt, 7 Netzwerk- oder
TLS-Fehler (oder eine Antwort, die nicht von ZITADEL stammt), 8 `check` hat ein Problem auf Fehlerstufe gefunden
(mit --strict: auf Warnstufe).
</translation>
    </message>
    <message>
        <location filename="../app/cli/core/inputs.cpp" line="59"/>
        <source>%1: &quot;%2&quot; is not a duration; write it like 10s, 1.5s or 500ms</source>
        <translation>%1: „%2“ ist keine Dauer; schreiben Sie sie wie 10s, 1.5s oder 500ms</translation>
    </message>
    <message>
        <location filename="../app/cli/core/inputs.cpp" line="65"/>
        <source>%1: the timeout must be more than 0s (got &quot;%2&quot;)</source>
        <translation>%1: Das Zeitlimit muss größer als 0s sein („%2“ angegeben)</translation>
    </message>
    <message>
        <location filename="../app/cli/core/inputs.cpp" line="70"/>
        <source>%1: &quot;%2&quot; is longer than ZITADEL&apos;s maximum of %3s</source>
        <translation>%1: „%2“ ist länger als ZITADELs Maximum von %3s</translation>
    </message>
    <message>
        <location filename="../app/cli/core/inputs.cpp" line="83"/>
        <source>%1: &quot;%2&quot; is not a number of seconds</source>
        <translation>%1: „%2“ ist keine Anzahl Sekunden</translation>
    </message>
    <message>
        <location filename="../app/cli/core/inputs.cpp" line="87"/>
        <source>%1: the request timeout must be more than 0 seconds (got &quot;%2&quot;)</source>
        <translation>%1: Das Zeitlimit für Anfragen muss größer als 0 Sekunden sein („%2“ angegeben)</translation>
    </message>
    <message>
        <location filename="../app/cli/core/inputs.cpp" line="94"/>
        <source>%1: &quot;%2&quot; is longer than one day</source>
        <translation>%1: „%2“ ist länger als ein Tag</translation>
    </message>
    <message>
        <location filename="../app/cli/core/inputs.cpp" line="123"/>
        <source>%1 is empty; give the URL ZITADEL should call</source>
        <translation>%1 ist leer; geben Sie die URL an, die ZITADEL aufrufen soll</translation>
    </message>
    <message>
        <location filename="../app/cli/core/inputs.cpp" line="110"/>
        <source>%1 is %2 characters long; ZITADEL accepts at most %3</source>
        <translation>%1 ist %2 Zeichen lang; ZITADEL akzeptiert höchstens %3</translation>
    </message>
    <message>
        <location filename="../app/cli/core/inputs.cpp" line="130"/>
        <source>it has blanks around it</source>
        <translation>sie hat Leerzeichen um sich herum</translation>
    </message>
    <message>
        <location filename="../app/cli/core/inputs.cpp" line="133"/>
        <source>%1: &quot;%2&quot; is not a valid URL (%3)</source>
        <translation>%1: „%2“ ist keine gültige URL (%3)</translation>
    </message>
    <message>
        <location filename="../app/cli/core/inputs.cpp" line="138"/>
        <source>%1: &quot;%2&quot; must be an http:// or https:// URL</source>
        <translation>%1: „%2“ muss eine http://- oder https://-URL sein</translation>
    </message>
    <message>
        <location filename="../app/cli/core/inputs.cpp" line="143"/>
        <source>%1: &quot;%2&quot; has no host name</source>
        <translation>%1: „%2“ hat keinen Hostnamen</translation>
    </message>
    <message>
        <location filename="../app/cli/core/inputs.cpp" line="152"/>
        <source>%1 is empty; a target needs a name</source>
        <translation>%1 ist leer; ein Ziel braucht einen Namen</translation>
    </message>
    <message>
        <location filename="../app/cli/core/inputs.cpp" line="164"/>
        <source>%1 is empty; give the URL of the ZITADEL instance</source>
        <translation>%1 ist leer; geben Sie die URL der ZITADEL-Instanz an</translation>
    </message>
    <message>
        <location filename="../app/cli/core/inputs.cpp" line="174"/>
        <source>%1: &quot;%2&quot; is not an instance URL like https://my.zitadel.example</source>
        <translation>%1: „%2“ ist keine Instanz-URL wie https://my.zitadel.example</translation>
    </message>
    <message>
        <location filename="../app/cli/core/inputs.cpp" line="191"/>
        <source>%1 %2: larger than %3 KiB</source>
        <translation>%1 %2: größer als %3 KiB</translation>
    </message>
    <message>
        <location filename="../app/cli/core/inputs.cpp" line="199"/>
        <source>%1 %2: not JSON at offset %3: %4</source>
        <translation>%1 %2: kein JSON an Position %3: %4</translation>
    </message>
    <message>
        <location filename="../app/cli/core/inputs.cpp" line="206"/>
        <source>%1 %2: not a JSON object</source>
        <translation>%1 %2: kein JSON-Objekt</translation>
    </message>
    <message>
        <location filename="../app/cli/core/profileconnection.cpp" line="71"/>
        <source>no ZITADEL instance given: use --instance URL or set %1</source>
        <translation>keine ZITADEL-Instanz angegeben: Verwenden Sie --instance URL oder setzen Sie %1</translation>
    </message>
    <message>
        <location filename="../app/cli/core/profileconnection.cpp" line="77"/>
        <source>%1 is not set: export the personal access token of a ZITADEL service user in %1 (it is never taken from the command line)</source>
        <translation>%1 ist nicht gesetzt: Exportieren Sie das Personal Access Token eines ZITADEL-Service-Users in %1 (es wird nie von der Kommandozeile übernommen)</translation>
    </message>
    <message>
        <location filename="../app/cli/core/profileconnection.cpp" line="114"/>
        <source>--profile and --instance cannot be combined: the profile names the instance</source>
        <translation>--profile und --instance lassen sich nicht kombinieren: Das Profil nennt die Instanz</translation>
    </message>
    <message>
        <location filename="../app/cli/core/profileconnection.cpp" line="119"/>
        <source>--profile and --key-file cannot be combined: the profile has its own authentication</source>
        <translation>--profile und --key-file lassen sich nicht kombinieren: Das Profil hat seine eigene Anmeldung</translation>
    </message>
    <message>
        <location filename="../app/cli/core/profileconnection.cpp" line="130"/>
        <location filename="../app/cli/profiles/profilecommand.cpp" line="16"/>
        <source>cannot read the profiles (%1): %2</source>
        <translation>die Profile können nicht gelesen werden (%1): %2</translation>
    </message>
    <message>
        <location filename="../app/cli/core/profileconnection.cpp" line="134"/>
        <location filename="../app/cli/profiles/profiletestcommand.cpp" line="84"/>
        <source>there is no profile &quot;%1&quot; (see targetdesk-cli profiles list)</source>
        <translation>es gibt kein Profil „%1“ (siehe targetdesk-cli profiles list)</translation>
    </message>
    <message>
        <location filename="../app/cli/core/profileconnection.cpp" line="139"/>
        <source>the built-in sandbox profile has no fixed address: start &apos;targetdesk-cli sandbox&apos; and use --instance with TARGETDESK_TOKEN</source>
        <translation>das eingebaute Sandbox-Profil hat keine feste Adresse: Starten Sie „targetdesk-cli sandbox“ und verwenden Sie --instance mit TARGETDESK_TOKEN</translation>
    </message>
    <message>
        <location filename="../app/cli/core/profileconnection.cpp" line="162"/>
        <source>--key-file needs the instance: use --instance URL or set %1</source>
        <translation>--key-file braucht die Instanz: Verwenden Sie --instance URL oder setzen Sie %1</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/deliverychecks.cpp" line="45"/>
        <source>%1 needs the name of an environment variable (letters, digits and _), never the secret itself</source>
        <translation>%1 braucht den Namen einer Umgebungsvariable (Buchstaben, Ziffern und _), nie das Geheimnis selbst</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/deliverychecks.cpp" line="55"/>
        <source>%1 %2: the variable %2 is not set or empty</source>
        <translation>%1 %2: Die Variable %2 ist nicht gesetzt oder leer</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/inspectcommand.cpp" line="316"/>
        <source>The line is longer than %1 MiB; not read.</source>
        <translation>Die Zeile ist länger als %1 MiB; nicht gelesen.</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/inspectcommand.cpp" line="334"/>
        <source>Decrypt and verify a payload ZITADEL sent to a target (a JWE, JWT, JSON body or captured request).</source>
        <translation>Eine Payload entschlüsseln und prüfen, die ZITADEL an ein Ziel gesendet hat (ein JWE, JWT, JSON-Inhalt oder eine mitgeschnittene Anfrage).</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/deliverychecks.cpp" line="106"/>
        <source>A private key to decrypt with (repeatable).</source>
        <translation>Ein privater Schlüssel zum Entschlüsseln (wiederholbar).</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/deliverychecks.cpp" line="109"/>
        <location filename="../app/cli/inspect/deliverychecks.cpp" line="131"/>
        <source>First try the vault&apos;s key whose ZITADEL key id equals the JWE&apos;s kid.</source>
        <translation>Zuerst den Schlüssel des Tresors versuchen, dessen ZITADEL-Schlüssel-ID der kid des JWE entspricht.</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/deliverychecks.cpp" line="111"/>
        <location filename="../app/cli/inspect/deliverychecks.cpp" line="134"/>
        <source>Passphrase of encrypted --key files, from environment variable VAR.</source>
        <translation>Passphrase verschlüsselter --key-Dateien, aus der Umgebungsvariable VAR.</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/deliverychecks.cpp" line="112"/>
        <source>The instance&apos;s JWKS to verify the inner JWT with.</source>
        <translation>Das JWKS der Instanz, um das innere JWT zu prüfen.</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/deliverychecks.cpp" line="114"/>
        <source>Fetch a --jwks URL with this saved profile&apos;s TLS options.</source>
        <translation>Eine --jwks-URL mit den TLS-Optionen dieses gespeicherten Profils abrufen.</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/deliverychecks.cpp" line="116"/>
        <source>The target&apos;s signing key, from environment variable VAR.</source>
        <translation>Der Signaturschlüssel des Ziels, aus der Umgebungsvariable VAR.</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/inspectcommand.cpp" line="342"/>
        <source>One input per line, one JSON result per line.</source>
        <translation>Eine Eingabe pro Zeile, ein JSON-Ergebnis pro Zeile.</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/deliverychecks.cpp" line="118"/>
        <source>Maximum age of a ZITADEL-Signature; 0 or any: do not enforce.</source>
        <translation>Höchstalter einer ZITADEL-Signature; 0 oder any: nicht durchsetzen.</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/inspectcommand.cpp" line="354"/>
        <source>
Reads FILE, or standard input for - (or when input is piped). The form is detected: a compact JWE or JWT,
a JSON body, a raw HTTP request as captured (the ZITADEL-Signature header is taken from it)
or {&quot;headers&quot;:{...},&quot;body&quot;:&quot;...&quot;}.
</source>
        <translation>
Liest DATEI oder, bei - (oder wenn die Eingabe umgeleitet ist), die Standardeingabe. Die Form wird erkannt: ein kompaktes
JWE oder JWT, ein JSON-Inhalt, eine rohe HTTP-Anfrage wie mitgeschnitten (der ZITADEL-Signature-Header wird ihr
entnommen) oder {&quot;headers&quot;:{...},&quot;body&quot;:&quot;...&quot;}.
</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/deliverychecks.cpp" line="127"/>
        <source>A private key (PEM, PKCS#8 or traditional) to decrypt a JWE with; repeatable, tried in turn.</source>
        <translation>Ein privater Schlüssel (PEM, PKCS#8 oder traditionell), um ein JWE zu entschlüsseln; wiederholbar, der Reihe nach versucht.</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/deliverychecks.cpp" line="138"/>
        <source>The instance&apos;s JWKS (https://INSTANCE/oauth/v2/keys) to verify the inner JWT. Without it a JWT is shown unverified.</source>
        <translation>Das JWKS der Instanz (https://INSTANZ/oauth/v2/keys), um das innere JWT zu prüfen. Ohne es wird ein JWT ungeprüft angezeigt.</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/deliverychecks.cpp" line="147"/>
        <source>The target&apos;s signing key, from environment variable VAR, to check the ZITADEL-Signature header.</source>
        <translation>Der Signaturschlüssel des Ziels, aus der Umgebungsvariable VAR, um den ZITADEL-Signature-Header zu prüfen.</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/deliverychecks.cpp" line="152"/>
        <source>Accept a ZITADEL-Signature up to SECONDS old (default 300). 0 or &quot;any&quot;: report the age but do not enforce it (for old captures).</source>
        <translation>Eine ZITADEL-Signature bis zu SEKUNDEN alt akzeptieren (Standard 300). 0 oder &quot;any&quot;: das Alter melden, aber nicht durchsetzen (für alte Mitschnitte).</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/inspectcommand.cpp" line="362"/>
        <source>Print the whole report (layers, headers, checks) as JSON, with the payload under &quot;payload&quot;.</source>
        <translation>Den ganzen Bericht (Schichten, Header, Prüfungen) als JSON ausgeben, mit der Payload unter &quot;payload&quot;.</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/inspectcommand.cpp" line="366"/>
        <source>One input per line (a token or {&quot;headers&quot;:{...},&quot;body&quot;:&quot;...&quot;}); prints one JSON result per line, in input order, using every core.</source>
        <translation>Eine Eingabe pro Zeile (ein Token oder {&quot;headers&quot;:{...},&quot;body&quot;:&quot;...&quot;}); gibt ein JSON-Ergebnis pro Zeile aus, in Eingabereihenfolge, auf allen Kernen.</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/deliverychecks.cpp" line="142"/>
        <source>Fetch a --jwks URL with the TLS options (CA, pin, insecure http) of this saved profile. A URL must be https, or http to this machine.</source>
        <translation>Eine --jwks-URL mit den TLS-Einstellungen (CA, Pin, unsicheres http) dieses gespeicherten Profils abrufen. Eine URL muss https sein, oder http zu diesem Rechner.</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/deliverychecks.cpp" line="157"/>
        <source>Timeout of the --jwks URL request (default 30); also --request-timeout.</source>
        <translation>Zeitlimit der Anfrage an die --jwks-URL (Standard 30); auch --request-timeout.</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/inspectcommand.cpp" line="371"/>
        <source>
Output: the innermost payload on stdout (pretty-printed when it is JSON); what was checked and how, on
stderr. When a check fails the payload is only shown with --json. With --bulk each line is
{&quot;line&quot;:N,&quot;ok&quot;:true,&quot;payload&quot;:...} or {&quot;line&quot;:N,&quot;ok&quot;:false,&quot;error&quot;:&quot;...&quot;,&quot;exit&quot;:K} (with --json: the
whole report and &quot;line&quot;).

Secrets are taken from the environment only and never printed.

Environment:
  TARGETDESK_DATA_DIR          Where the vault index lives (default: the user&apos;s data directory).

Exit codes: 0 success (a JWT without --jwks counts, it is reported unverified), 2 usage error or an
unusable --key / --jwks file, 3 malformed input, 4 cannot decrypt (refused algorithm, no fitting key,
wrong key, integrity failure), 5 a signature was checked and is not valid (inner JWT, ZITADEL-Signature),
6 the --jwks server answered with an error, 7 network or TLS failure fetching --jwks (or not a JWKS).
With --bulk: the highest exit code of all lines.
</source>
        <translation>
Ausgabe: die innerste Payload auf stdout (formatiert, wenn sie JSON ist); was wie geprüft wurde, auf stderr. Schlägt
eine Prüfung fehl, wird die Payload nur mit --json gezeigt. Mit --bulk ist jede Zeile
{&quot;line&quot;:N,&quot;ok&quot;:true,&quot;payload&quot;:...} oder {&quot;line&quot;:N,&quot;ok&quot;:false,&quot;error&quot;:&quot;...&quot;,&quot;exit&quot;:K} (mit --json: der
ganze Bericht und &quot;line&quot;).

Geheimnisse werden nur aus der Umgebung gelesen und nie ausgegeben.

Umgebung:
  TARGETDESK_DATA_DIR          Wo der Tresorindex liegt (Standard: das Datenverzeichnis des Benutzers).

Exit-Codes: 0 Erfolg (ein JWT ohne --jwks zählt, es wird als ungeprüft gemeldet), 2 Aufruffehler oder eine
unbrauchbare --key-/--jwks-Datei, 3 fehlerhafte Eingabe, 4 nicht entschlüsselbar (abgelehnter Algorithmus, kein
passender Schlüssel, falscher Schlüssel, Integritätsfehler), 5 eine Signatur wurde geprüft und ist ungültig (inneres
JWT, ZITADEL-Signature), 6 der --jwks-Server hat mit einem Fehler geantwortet, 7 Netzwerk- oder TLS-Fehler beim
Abruf von --jwks (oder kein JWKS). Mit --bulk: der höchste Exit-Code aller Zeilen.
</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/deliverychecks.cpp" line="182"/>
        <source>--signature-tolerance: &quot;%1&quot; is not a number of seconds (or 0 or &quot;any&quot; to not enforce the age)</source>
        <translation>--signature-tolerance: „%1“ ist keine Anzahl Sekunden (oder 0 oder „any“, um das Alter nicht durchzusetzen)</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/deliverychecks.cpp" line="229"/>
        <source> (give its passphrase with --passphrase-env VAR)</source>
        <translation> (geben Sie seine Passphrase mit --passphrase-env VAR an)</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/deliverychecks.cpp" line="247"/>
        <source>--jwks: &quot;%1&quot; is not a usable URL</source>
        <translation>--jwks: „%1“ ist keine verwendbare URL</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/deliverychecks.cpp" line="255"/>
        <source>--profile: there is no profile &quot;%1&quot; (see targetdesk-cli profiles list)</source>
        <translation>--profile: Es gibt kein Profil „%1“ (siehe targetdesk-cli profiles list)</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/deliverychecks.cpp" line="270"/>
        <source>--jwks %1: not a JWKS: %2</source>
        <translation>--jwks %1: kein JWKS: %2</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/inspectcommand.cpp" line="404"/>
        <source>no input: give a FILE, or - to read standard input (see targetdesk-cli inspect --help)</source>
        <translation>keine Eingabe: Geben Sie eine DATEI an oder -, um die Standardeingabe zu lesen (siehe targetdesk-cli inspect --help)</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/inspectcommand.cpp" line="412"/>
        <location filename="../app/cli/inspect/inspectcommand.cpp" line="423"/>
        <location filename="../app/cli/inspect/inspectcommand.cpp" line="427"/>
        <location filename="../app/cli/inspect/inspectcommand.cpp" line="534"/>
        <source>cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/inspectcommand.cpp" line="429"/>
        <source>the input is larger than %1 MiB; not a capture of one delivery (use --bulk for a file with one input per line)</source>
        <translation>die Eingabe ist größer als %1 MiB; kein Mitschnitt einer einzelnen Zustellung (verwenden Sie --bulk für eine Datei mit einer Eingabe pro Zeile)</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/deliverychecks.cpp" line="308"/>
        <source> (a redirect; not followed: give the JWKS URL itself)</source>
        <translation> (eine Weiterleitung; nicht gefolgt: Geben Sie die JWKS-URL selbst an)</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/inspectcommand.cpp" line="450"/>
        <source>note: --vault: the input is not a JWE with a key id; the vault is not used
</source>
        <translation>Hinweis: --vault: Die Eingabe ist kein JWE mit Schlüssel-ID; der Tresor wird nicht verwendet
</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/deliverychecks.cpp" line="344"/>
        <source>note: --vault: the vault holds no key with key id %1
</source>
        <translation>Hinweis: --vault: Der Tresor enthält keinen Schlüssel mit der Schlüssel-ID %1
</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/deliverychecks.cpp" line="362"/>
        <source>warning: --vault: cannot load the key %1: %2
</source>
        <translation>Warnung: --vault: Der Schlüssel %1 kann nicht geladen werden: %2
</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/deliverychecks.cpp" line="369"/>
        <source>vault key %1</source>
        <translation>Tresorschlüssel %1</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/inspectcommand.cpp" line="491"/>
        <source>note: JWT signature not verified (no --jwks)
</source>
        <translation>Hinweis: JWT-Signatur nicht geprüft (kein --jwks)
</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/inspectcommand.cpp" line="494"/>
        <location filename="../app/cli/targets/targettestcommand.cpp" line="299"/>
        <source>note: %1
</source>
        <translation>Hinweis: %1
</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/inspectcommand.cpp" line="506"/>
        <source>The payload is not printed because a check failed; --json shows it with the report.
</source>
        <translation>Die Payload wird nicht ausgegeben, weil eine Prüfung fehlgeschlagen ist; --json zeigt sie mit dem Bericht.
</translation>
    </message>
    <message>
        <location filename="../app/cli/inspect/inspectcommand.cpp" line="659"/>
        <source>note: %1 JWT signature(s) not verified (no --jwks)
</source>
        <translation>Hinweis: %1 JWT-Signatur(en) nicht geprüft (kein --jwks)
</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keyactivatecommand.cpp" line="28"/>
        <source>Make a key the target&apos;s only active key (the previous active key is deactivated in the same step).</source>
        <translation>Einen Schlüssel zum einzigen aktiven Schlüssel des Ziels machen (der bisher aktive Schlüssel wird im selben Schritt deaktiviert).</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keyactivatecommand.cpp" line="33"/>
        <location filename="../app/cli/keys/keyremovecommand.cpp" line="35"/>
        <source>the target id and the key id: targetdesk-cli %1 TARGET_ID KEY_ID</source>
        <translation>die Ziel-ID und die Schlüssel-ID: targetdesk-cli %1 TARGET_ID KEY_ID</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keyactivatecommand.cpp" line="44"/>
        <source>Activated key %1 of target %2; any other key of the target is now inactive
</source>
        <translation>Schlüssel %1 des Ziels %2 aktiviert; jeder andere Schlüssel des Ziels ist jetzt inaktiv
</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keyaddcommand.cpp" line="43"/>
        <source>Add a public key to a target (it starts inactive). Prints the new key id.</source>
        <translation>Einem Ziel einen öffentlichen Schlüssel hinzufügen (er beginnt inaktiv). Gibt die neue Schlüssel-ID aus.</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keyaddcommand.cpp" line="46"/>
        <source>The public key to add: PKIX PEM (PKCS#1 and certificates are converted).</source>
        <translation>Der hinzuzufügende öffentliche Schlüssel: PKIX-PEM (PKCS#1 und Zertifikate werden umgewandelt).</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keyaddcommand.cpp" line="49"/>
        <source>Expiration as RFC 3339, e.g. 2027-01-31T00:00:00Z (default: never).</source>
        <translation>Ablauf als RFC 3339, z. B. 2027-01-31T00:00:00Z (Standard: nie).</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keyaddcommand.cpp" line="53"/>
        <location filename="../app/cli/keys/keylistcommand.cpp" line="62"/>
        <source>the target id: targetdesk-cli %1 TARGET_ID</source>
        <translation>die Ziel-ID: targetdesk-cli %1 TARGET_ID</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keyaddcommand.cpp" line="60"/>
        <source>&apos;keys add&apos; needs --public-key FILE (see targetdesk-cli keys add --help)</source>
        <translation>„keys add“ braucht --public-key DATEI (siehe targetdesk-cli keys add --help)</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keyaddcommand.cpp" line="71"/>
        <source>--expires: &quot;%1&quot; is not an RFC 3339 time; write it like 2027-01-31T00:00:00Z</source>
        <translation>--expires: „%1“ ist keine RFC-3339-Zeit; schreiben Sie sie wie 2027-01-31T00:00:00Z</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keyaddcommand.cpp" line="78"/>
        <source>--expires: %1 is in the past; ZITADEL refuses such keys</source>
        <translation>--expires: %1 liegt in der Vergangenheit; ZITADEL lehnt solche Schlüssel ab</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keyaddcommand.cpp" line="111"/>
        <source>warning: the vault was not updated: %1
</source>
        <translation>Warnung: Der Tresor wurde nicht aktualisiert: %1
</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keyaddcommand.cpp" line="120"/>
        <source>Added public key %1 to target %2 as key %3.%4
It is inactive; make ZITADEL use it with: targetdesk-cli keys activate %2 %3
</source>
        <translation>Öffentlicher Schlüssel %1 dem Ziel %2 als Schlüssel %3 hinzugefügt.%4
Er ist inaktiv; ZITADEL verwendet ihn nach: targetdesk-cli keys activate %2 %3
</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keyaddcommand.cpp" line="125"/>
        <source> The vault holds its private key.</source>
        <translation> Der Tresor enthält seinen privaten Schlüssel.</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keycontext.cpp" line="39"/>
        <source>Append to this audit log (default: $TARGETDESK_AUDIT_LOG or the data directory).</source>
        <translation>An dieses Audit-Log anhängen (Standard: $TARGETDESK_AUDIT_LOG oder das Datenverzeichnis).</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keydeactivatecommand.cpp" line="42"/>
        <source>Deactivate a key; without KEY_ID whatever key is active; --all-targets: every active key of the instance.</source>
        <translation>Einen Schlüssel deaktivieren; ohne KEY_ID den gerade aktiven; --all-targets: jeden aktiven Schlüssel der Instanz.</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keydeactivatecommand.cpp" line="47"/>
        <source>Instead of TARGET_ID: deactivate every active key of the instance.</source>
        <translation>Statt TARGET_ID: jeden aktiven Schlüssel der Instanz deaktivieren.</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keydeactivatecommand.cpp" line="51"/>
        <source>the target id (or --all-targets): targetdesk-cli %1 TARGET_ID [KEY_ID]</source>
        <translation>die Ziel-ID (oder --all-targets): targetdesk-cli %1 TARGET_ID [KEY_ID]</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keydeactivatecommand.cpp" line="61"/>
        <source>--all-targets stands for every target: give it instead of TARGET_ID, not with it</source>
        <translation>--all-targets steht für jedes Ziel: Geben Sie es statt TARGET_ID an, nicht zusammen damit</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keydeactivatecommand.cpp" line="88"/>
        <location filename="../app/cli/keys/keydeactivatecommand.cpp" line="107"/>
        <source>Deactivated key %1 of target %2
</source>
        <translation>Schlüssel %1 des Ziels %2 deaktiviert
</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keydeactivatecommand.cpp" line="118"/>
        <source>Target %1 has no active key; nothing to deactivate
</source>
        <translation>Ziel %1 hat keinen aktiven Schlüssel; nichts zu deaktivieren
</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keydeactivatecommand.cpp" line="121"/>
        <source>JWE payloads to this target stop until a key is active again.
</source>
        <translation>JWE-Payloads an dieses Ziel bleiben aus, bis wieder ein Schlüssel aktiv ist.
</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keydeactivatecommand.cpp" line="163"/>
        <source>deactivated key %1</source>
        <translation>Schlüssel %1 deaktiviert</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keydeactivatecommand.cpp" line="167"/>
        <source>no active key</source>
        <translation>kein aktiver Schlüssel</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keydeactivatecommand.cpp" line="182"/>
        <source>Run the command again to retry: it only touches keys that are still active.
</source>
        <translation>Führen Sie den Befehl zum Wiederholen erneut aus: Er fasst nur Schlüssel an, die noch aktiv sind.
</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keyfingerprintcommand.cpp" line="32"/>
        <source>Print a public key&apos;s fingerprint as ZITADEL shows it (SHA256:...).</source>
        <translation>Den Fingerabdruck eines öffentlichen Schlüssels so ausgeben, wie ZITADEL ihn zeigt (SHA256:...).</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keyfingerprintcommand.cpp" line="35"/>
        <source>a public key file: targetdesk-cli %1 PUBLIC.pem</source>
        <translation>eine Datei mit öffentlichem Schlüssel: targetdesk-cli %1 PUBLIC.pem</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keygeneratecommand.cpp" line="69"/>
        <source>Generate a key pair locally. Prints its fingerprint.</source>
        <translation>Lokal ein Schlüsselpaar erzeugen. Gibt seinen Fingerabdruck aus.</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keygeneratecommand.cpp" line="72"/>
        <source>rsa-2048, rsa-3072, rsa-4096, ec-p256, ec-p384 or ec-p521.</source>
        <translation>rsa-2048, rsa-3072, rsa-4096, ec-p256, ec-p384 oder ec-p521.</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keygeneratecommand.cpp" line="74"/>
        <source>Write the private key (PKCS#8 PEM, owner-only permissions) to FILE.</source>
        <translation>Den privaten Schlüssel (PKCS#8-PEM, nur für den Besitzer lesbar) in DATEI schreiben.</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keygeneratecommand.cpp" line="77"/>
        <source>Also write the public key (PKIX PEM, what ZITADEL accepts) to FILE.</source>
        <translation>Auch den öffentlichen Schlüssel (PKIX-PEM, was ZITADEL akzeptiert) in DATEI schreiben.</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keygeneratecommand.cpp" line="80"/>
        <source>Encrypt the private key (PKCS#8, AES-256) with the passphrase in environment variable VAR.</source>
        <translation>Den privaten Schlüssel (PKCS#8, AES-256) mit der Passphrase aus der Umgebungsvariable VAR verschlüsseln.</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keygeneratecommand.cpp" line="84"/>
        <source>Replace existing output files (default: refuse to overwrite).</source>
        <translation>Vorhandene Ausgabedateien ersetzen (Standard: nicht überschreiben).</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keygeneratecommand.cpp" line="86"/>
        <source>Also store the private key in the vault (the OS keychain).</source>
        <translation>Den privaten Schlüssel auch im Tresor (dem Schlüsselbund des Systems) speichern.</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keygeneratecommand.cpp" line="88"/>
        <source>With --vault: a note to find the key by later.</source>
        <translation>Mit --vault: eine Notiz, um den Schlüssel später zu finden.</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keygeneratecommand.cpp" line="108"/>
        <source>&apos;keys generate&apos; needs %1 (see targetdesk-cli keys generate --help)</source>
        <translation>„keys generate“ braucht %1 (siehe targetdesk-cli keys generate --help)</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keygeneratecommand.cpp" line="113"/>
        <source>--label names the vault entry: use it together with --vault</source>
        <translation>--label benennt den Tresoreintrag: Verwenden Sie es zusammen mit --vault</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keygeneratecommand.cpp" line="122"/>
        <source>--type: &quot;%1&quot; is not a key type; use rsa-2048, rsa-3072, rsa-4096, ec-p256, ec-p384 or ec-p521</source>
        <translation>--type: „%1“ ist kein Schlüsseltyp; verwenden Sie rsa-2048, rsa-3072, rsa-4096, ec-p256, ec-p384 oder ec-p521</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keygeneratecommand.cpp" line="139"/>
        <source>--passphrase-env needs the name of the environment variable that holds the passphrase (letters, digits and _), never the passphrase itself</source>
        <translation>--passphrase-env braucht den Namen der Umgebungsvariable mit der Passphrase (Buchstaben, Ziffern und _), nie die Passphrase selbst</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keygeneratecommand.cpp" line="148"/>
        <source>--passphrase-env %1: the variable %1 is not set or empty; not writing the private key unencrypted</source>
        <translation>--passphrase-env %1: Die Variable %1 ist nicht gesetzt oder leer; der private Schlüssel wird nicht unverschlüsselt geschrieben</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keygeneratecommand.cpp" line="162"/>
        <source>--out: the file name is empty</source>
        <translation>--out: Der Dateiname ist leer</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keygeneratecommand.cpp" line="164"/>
        <source>--public-out: the file name is empty</source>
        <translation>--public-out: Der Dateiname ist leer</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keygeneratecommand.cpp" line="167"/>
        <source>--out and --public-out name the same file</source>
        <translation>--out und --public-out nennen dieselbe Datei</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keygeneratecommand.cpp" line="175"/>
        <source>%1: %2 is a directory</source>
        <translation>%1: %2 ist ein Verzeichnis</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keygeneratecommand.cpp" line="178"/>
        <source>%1: %2 already exists; not overwriting it (add --force to replace it)</source>
        <translation>%1: %2 gibt es bereits; wird nicht überschrieben (mit --force ersetzen)</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keygeneratecommand.cpp" line="183"/>
        <source>%1: the directory %2 does not exist</source>
        <translation>%1: Das Verzeichnis %2 gibt es nicht</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keygeneratecommand.cpp" line="202"/>
        <source>cannot generate a %1 key: %2</source>
        <translation>ein %1-Schlüssel kann nicht erzeugt werden: %2</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keygeneratecommand.cpp" line="213"/>
        <source>cannot export the private key: %1</source>
        <translation>der private Schlüssel kann nicht exportiert werden: %1</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keygeneratecommand.cpp" line="231"/>
        <source>--public-out: %1 (the private key was written to %2)</source>
        <translation>--public-out: %1 (der private Schlüssel wurde nach %2 geschrieben)</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keygeneratecommand.cpp" line="252"/>
        <source>cannot store the private key in the vault: %1 (the key files were written: %2)</source>
        <translation>der private Schlüssel kann nicht im Tresor gespeichert werden: %1 (die Schlüsseldateien wurden geschrieben: %2)</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keygeneratecommand.cpp" line="279"/>
        <source>Generated key pair: %1
Private key: %2 (owner-only, %3)
</source>
        <translation>Schlüsselpaar erzeugt: %1
Privater Schlüssel: %2 (nur für den Besitzer, %3)
</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keygeneratecommand.cpp" line="281"/>
        <source>encrypted with the passphrase in $%1</source>
        <translation>verschlüsselt mit der Passphrase in $%1</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keygeneratecommand.cpp" line="283"/>
        <source>NOT encrypted</source>
        <translation>NICHT verschlüsselt</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keygeneratecommand.cpp" line="285"/>
        <source>Public key: %1
</source>
        <translation>Öffentlicher Schlüssel: %1
</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keygeneratecommand.cpp" line="287"/>
        <source>The private key is also in the vault.
</source>
        <translation>Der private Schlüssel liegt auch im Tresor.
</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keylistcommand.cpp" line="60"/>
        <source>List the public keys of a target and their real state.</source>
        <translation>Die öffentlichen Schlüssel eines Ziels und ihren tatsächlichen Zustand auflisten.</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keylistcommand.cpp" line="98"/>
        <source>Target %1 has no public keys
</source>
        <translation>Ziel %1 hat keine öffentlichen Schlüssel
</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keyremovecommand.cpp" line="30"/>
        <source>Remove an inactive key from a target on the server (a private key in the vault stays there).</source>
        <translation>Einen inaktiven Schlüssel auf dem Server von einem Ziel entfernen (ein privater Schlüssel im Tresor bleibt dort).</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keyremovecommand.cpp" line="48"/>
        <source>Removed key %1 from target %2
</source>
        <translation>Schlüssel %1 vom Ziel %2 entfernt
</translation>
    </message>
    <message>
        <location filename="../app/cli/keys/keyremovecommand.cpp" line="51"/>
        <source>The vault keeps its private key (%1) so payloads captured earlier can still be decrypted; remove it there when you no longer need it.
</source>
        <translation>Der Tresor behält seinen privaten Schlüssel (%1), damit früher mitgeschnittene Payloads weiter entschlüsselt werden können; entfernen Sie ihn dort, wenn Sie ihn nicht mehr brauchen.
</translation>
    </message>
    <message>
        <location filename="../app/cli/profiles/profilelistcommand.cpp" line="52"/>
        <source>INSECURE (plain http allowed)</source>
        <translation>UNSICHER (reines http erlaubt)</translation>
    </message>
    <message>
        <location filename="../app/cli/profiles/profilelistcommand.cpp" line="64"/>
        <source>List the saved connection profiles (never their secrets).</source>
        <translation>Die gespeicherten Verbindungsprofile auflisten (nie ihre Geheimnisse).</translation>
    </message>
    <message>
        <location filename="../app/cli/profiles/profilelistcommand.cpp" line="85"/>
        <source>(the running sandbox)</source>
        <translation>(die laufende Sandbox)</translation>
    </message>
    <message>
        <location filename="../app/cli/profiles/profiletestcommand.cpp" line="57"/>
        <source>not checked</source>
        <translation>nicht geprüft</translation>
    </message>
    <message>
        <location filename="../app/cli/profiles/profiletestcommand.cpp" line="71"/>
        <source>Test a profile&apos;s connection: reachable, TLS, token, read and write permission.</source>
        <translation>Die Verbindung eines Profils testen: erreichbar, TLS, Token, Lese- und Schreibrecht.</translation>
    </message>
    <message>
        <location filename="../app/cli/profiles/profiletestcommand.cpp" line="74"/>
        <source>the profile&apos;s name: targetdesk-cli %1 NAME</source>
        <translation>den Namen des Profils: targetdesk-cli %1 NAME</translation>
    </message>
    <message>
        <location filename="../app/cli/profiles/profiletestcommand.cpp" line="88"/>
        <source>the built-in sandbox profile has no fixed address: test a running sandbox with &apos;targetdesk-cli targets list --instance URL&apos;</source>
        <translation>das eingebaute Sandbox-Profil hat keine feste Adresse: Testen Sie eine laufende Sandbox mit „targetdesk-cli targets list --instance URL“</translation>
    </message>
    <message>
        <location filename="../app/cli/sandbox/sandboxcommand.cpp" line="89"/>
        <source>Run a local emulator of ZITADEL&apos;s Actions v2 API until SIGINT or SIGTERM.</source>
        <translation>Einen lokalen Emulator der Actions-v2-API von ZITADEL ausführen, bis SIGINT oder SIGTERM kommt.</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="85"/>
        <source>The delivery has no ZITADEL-Signature header, but --signing-key-env was given.</source>
        <translation>Die Zustellung hat keinen ZITADEL-Signature-Header, obwohl --signing-key-env angegeben wurde.</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="103"/>
        <source>Receive deliveries on a local port, check and print each as a JSON line until SIGINT or SIGTERM.</source>
        <translation>Zustellungen auf einem lokalen Port empfangen, jede prüfen und als JSON-Zeile ausgeben, bis SIGINT oder SIGTERM kommt.</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="110"/>
        <source>Port to listen on; 0 picks one.</source>
        <translation>Port, auf dem gelauscht wird; 0 wählt einen freien.</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="112"/>
        <location filename="../app/cli/sandbox/sandboxcommand.cpp" line="92"/>
        <source>Address to listen on (default 127.0.0.1).</source>
        <translation>Adresse, auf der gelauscht wird (Standard 127.0.0.1).</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="113"/>
        <source>Answer every delivery 200 with this JSON.</source>
        <translation>Jede Zustellung mit 200 und diesem JSON beantworten.</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="115"/>
        <source>Answer every delivery with this status and {}.</source>
        <translation>Jede Zustellung mit diesem Status und {} beantworten.</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="117"/>
        <source>Exit with the worst class of any delivery.</source>
        <translation>Mit der schlechtesten Exit-Klasse aller Zustellungen beenden.</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="118"/>
        <source>Refuse larger bodies with 413.</source>
        <translation>Größere Inhalte mit 413 ablehnen.</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="128"/>
        <source>
An HTTP/1.1 server for a target&apos;s deliveries: every POST (any path) is checked like `inspect` checks a
captured request (ZITADEL-Signature, decryption, the inner JWT) and answered as configured, 200 {} by
default. Other requests are refused with 4xx and reported on stderr.
</source>
        <translation>
Ein HTTP/1.1-Server für die Zustellungen eines Ziels: Jeder POST (beliebiger Pfad) wird geprüft, wie `inspect` eine
mitgeschnittene Anfrage prüft (ZITADEL-Signature, Entschlüsselung, das innere JWT), und wie eingestellt beantwortet,
standardmäßig mit 200 {}. Andere Anfragen werden mit 4xx abgelehnt und auf stderr gemeldet.
</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="135"/>
        <source>Port to listen on (required); 0 picks a free one, see the &quot;listening on&quot; line.</source>
        <translation>Port, auf dem gelauscht wird (Pflicht); 0 wählt einen freien (siehe „listening on“).</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="139"/>
        <source>Address to listen on (default 127.0.0.1). Any other than loopback is reachable from other machines and warned about.</source>
        <translation>Adresse, auf der gelauscht wird (Standard 127.0.0.1). Jede andere als Loopback ist von anderen Rechnern aus erreichbar; davor wird gewarnt.</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="144"/>
        <source>Answer every delivery 200 with this JSON object (a restCall answer, checked at start).</source>
        <translation>Jede Zustellung mit 200 und diesem JSON-Objekt beantworten (eine restCall-Antwort, beim Start geprüft).</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="148"/>
        <source>Answer every delivery with this HTTP status (200 to 599) and {}.</source>
        <translation>Jede Zustellung mit diesem HTTP-Status (200 bis 599) und {} beantworten.</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="151"/>
        <source>When stopped, exit with the highest exit class of any delivery (3, 4 or 5) instead of 0.</source>
        <translation>Nach dem Anhalten mit der höchsten Exit-Klasse aller Zustellungen (3, 4 oder 5) statt mit 0 beenden.</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="156"/>
        <source>Refuse bodies larger than BYTES with 413, before reading them (default 4194304, at most 16777216).</source>
        <translation>Inhalte größer als BYTES mit 413 ablehnen, bevor sie gelesen werden (Standard 4194304, höchstens 16777216).</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="160"/>
        <source>
Output: one JSON line per delivery on stdout, as `inspect --json` prints a report (ok, exit, error,
checks, payload, ...) plus &quot;receivedAt&quot;, &quot;peer&quot; and &quot;path&quot;; flushed after each line. The
&quot;listening on&quot; line, one line per delivery and refusals go to stderr.

Secrets are taken from the environment only and never printed.

Exit codes: 0 stopped by SIGINT or SIGTERM, 2 usage error or an unusable --key / --jwks / --answer file,
6 or 7 fetching a --jwks URL failed, 7 cannot listen on --host/--port. With --fail-on-invalid: the
highest class of all deliveries, 3 malformed, 4 cannot decrypt, 5 a signature is not valid.
</source>
        <translation>
Ausgabe: eine JSON-Zeile pro Zustellung auf stdout, so wie `inspect --json` einen Bericht ausgibt (ok, exit, error,
checks, payload, ...), dazu &quot;receivedAt&quot;, &quot;peer&quot; und &quot;path&quot;; nach jeder Zeile sofort geschrieben. Die Zeile
„listening on“, eine Zeile pro Zustellung und Ablehnungen gehen auf stderr.

Geheimnisse werden nur aus der Umgebung gelesen und nie ausgegeben.

Exit-Codes: 0 durch SIGINT oder SIGTERM angehalten, 2 Aufruffehler oder eine unbrauchbare --key-, --jwks- oder
--answer-Datei, 6 oder 7 der Abruf einer --jwks-URL ist fehlgeschlagen, 7 auf --host/--port kann nicht gelauscht
werden. Mit --fail-on-invalid: die höchste Klasse aller Zustellungen, 3 fehlerhaft, 4 nicht entschlüsselbar, 5 eine
Signatur ist ungültig.
</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="196"/>
        <source>receive needs --port N (0 picks a free port and prints it)</source>
        <translation>receive braucht --port N (0 wählt einen freien Port und gibt ihn aus)</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="221"/>
        <source>--max-body: &quot;%1&quot; is not a number of bytes from 1 to %2</source>
        <translation>--max-body: „%1“ ist keine Anzahl Bytes von 1 bis %2</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="235"/>
        <source>--answer and --status exclude each other</source>
        <translation>--answer und --status schließen sich gegenseitig aus</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="242"/>
        <source>--status: &quot;%1&quot; is not an HTTP status from 200 to 599</source>
        <translation>--status: „%1“ ist kein HTTP-Status von 200 bis 599</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="279"/>
        <source>refused a request from %1: %2
</source>
        <translation>Anfrage von %1 abgelehnt: %2
</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="291"/>
        <source>warning: listening on %1, which is reachable from other machines: anyone there can send deliveries. Use --host 127.0.0.1 unless you need that.
</source>
        <translation>Warnung: Es wird auf %1 gelauscht, das von anderen Rechnern aus erreichbar ist: Jeder dort kann Zustellungen senden. Verwenden Sie --host 127.0.0.1, außer Sie brauchen das.
</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="296"/>
        <source>note: no --signing-key-env: the ZITADEL-Signature header is not checked
</source>
        <translation>Hinweis: kein --signing-key-env: Der ZITADEL-Signature-Header wird nicht geprüft
</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="318"/>
        <source>delivery from %1: ok
</source>
        <translation>Zustellung von %1: ok
</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="321"/>
        <source>delivery from %1: %2 (exit %3)
</source>
        <translation>Zustellung von %1: %2 (Exit-Code %3)
</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="332"/>
        <source>%1 deliveries: %2 ok, %3 invalid; %4 requests refused
</source>
        <translation>%1 Zustellungen: %2 ok, %3 ungültig; %4 Anfragen abgelehnt
</translation>
    </message>
    <message>
        <location filename="../app/cli/sandbox/sandboxcommand.cpp" line="94"/>
        <source>Port to listen on; 0 picks a free one (default 0).</source>
        <translation>Port, auf dem gelauscht wird; 0 wählt einen freien (Standard 0).</translation>
    </message>
    <message>
        <location filename="../app/cli/sandbox/sandboxcommand.cpp" line="96"/>
        <source>Accept this read-write token (default: $TARGETDESK_SANDBOX_TOKEN, else generate one and print it).</source>
        <translation>Dieses Lese-Schreib-Token akzeptieren (Standard: $TARGETDESK_SANDBOX_TOKEN, sonst eines erzeugen und ausgeben).</translation>
    </message>
    <message>
        <location filename="../app/cli/sandbox/sandboxcommand.cpp" line="99"/>
        <source>Also accept this read-only (IAM_OWNER_VIEWER) token (default: $TARGETDESK_SANDBOX_READ_ONLY_TOKEN).</source>
        <translation>Zusätzlich dieses Nur-Lese-Token (IAM_OWNER_VIEWER) akzeptieren (Standard: $TARGETDESK_SANDBOX_READ_ONLY_TOKEN).</translation>
    </message>
    <message>
        <location filename="../app/cli/sandbox/sandboxcommand.cpp" line="102"/>
        <source>Start with a handful of realistic targets, keys and executions.</source>
        <translation>Mit einer Handvoll realistischer Ziele, Schlüssel und Ausführungen beginnen.</translation>
    </message>
    <message>
        <location filename="../app/cli/sandbox/sandboxcommand.cpp" line="104"/>
        <source>Also add COUNT generated targets named target-00001...</source>
        <translation>Zusätzlich ANZAHL erzeugte Ziele namens target-00001... anlegen.</translation>
    </message>
    <message>
        <location filename="../app/cli/sandbox/sandboxcommand.cpp" line="106"/>
        <source>Load the state from FILE and write every change back to it.</source>
        <translation>Den Zustand aus DATEI laden und jede Änderung dorthin zurückschreiben.</translation>
    </message>
    <message>
        <location filename="../app/cli/sandbox/sandboxcommand.cpp" line="108"/>
        <source>Accept loopback and private endpoint addresses.</source>
        <translation>Loopback- und private Endpunktadressen akzeptieren.</translation>
    </message>
    <message>
        <location filename="../app/cli/sandbox/sandboxcommand.cpp" line="110"/>
        <source>Behave like a fixed ZITADEL: write interrupt-on-error on every update (default: reproduce ZITADEL&apos;s defect).</source>
        <translation>Sich wie ein korrigiertes ZITADEL verhalten: interrupt-on-error bei jeder Aktualisierung schreiben (Standard: ZITADELs Fehler nachbilden).</translation>
    </message>
    <message>
        <location filename="../app/cli/sandbox/sandboxcommand.cpp" line="113"/>
        <source>Inject a fault, e.g. CreateTarget=503, *=delay:200, ListTargets=reset*1 (repeatable).</source>
        <translation>Einen Fehler einspeisen, z. B. CreateTarget=503, *=delay:200, ListTargets=reset*1 (wiederholbar).</translation>
    </message>
    <message>
        <location filename="../app/cli/sandbox/sandboxcommand.cpp" line="118"/>
        <source>Write a key file of a new read-write service user to OUT.json.</source>
        <translation>Eine Schlüsseldatei eines neuen Service-Users mit Lese- und Schreibrecht nach OUT.json schreiben.</translation>
    </message>
    <message>
        <location filename="../app/cli/sandbox/sandboxcommand.cpp" line="120"/>
        <source>Serve HTTPS with this certificate (PEM); needs --tls-key.</source>
        <translation>HTTPS mit diesem Zertifikat (PEM) anbieten; braucht --tls-key.</translation>
    </message>
    <message>
        <location filename="../app/cli/sandbox/sandboxcommand.cpp" line="122"/>
        <source>The private key (PEM, unencrypted) of --tls-cert.</source>
        <translation>Der private Schlüssel (PEM, unverschlüsselt) zu --tls-cert.</translation>
    </message>
    <message>
        <location filename="../app/cli/sandbox/sandboxcommand.cpp" line="124"/>
        <source>Start without an active web key: JWT and JWE payloads cannot be signed (web_keys lists it as STATE_INITIAL).</source>
        <translation>Ohne aktiven Web-Key starten: JWT- und JWE-Payloads können nicht signiert werden (web_keys führt ihn als STATE_INITIAL).</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="212"/>
        <location filename="../app/cli/sandbox/sandboxcommand.cpp" line="141"/>
        <source>--host: &quot;%1&quot; is not an IP address (e.g. 127.0.0.1, ::1 or 0.0.0.0)</source>
        <translation>--host: „%1“ ist keine IP-Adresse (z. B. 127.0.0.1, ::1 oder 0.0.0.0)</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="202"/>
        <location filename="../app/cli/sandbox/sandboxcommand.cpp" line="152"/>
        <source>--port: &quot;%1&quot; is not a port number (0 to 65535; 0 picks a free port)</source>
        <translation>--port: „%1“ ist keine Portnummer (0 bis 65535; 0 wählt einen freien Port)</translation>
    </message>
    <message>
        <location filename="../app/cli/sandbox/sandboxcommand.cpp" line="167"/>
        <location filename="../app/cli/sandbox/sandboxcommand.cpp" line="176"/>
        <source>%1 is empty or contains blanks or non-ASCII characters</source>
        <translation>%1 ist leer oder enthält Leerzeichen oder Nicht-ASCII-Zeichen</translation>
    </message>
    <message>
        <location filename="../app/cli/sandbox/sandboxcommand.cpp" line="209"/>
        <source>--fault: &quot;%1&quot; is not a fault; use delay:MS, hang, 500, 503, reset, malformed or ignore, optionally followed by *N</source>
        <translation>--fault: „%1“ ist keine Störung; verwenden Sie delay:MS, hang, 500, 503, reset, malformed oder ignore, optional gefolgt von *N</translation>
    </message>
    <message>
        <location filename="../app/cli/sandbox/sandboxcommand.cpp" line="181"/>
        <source>--read-only-token must differ from --token</source>
        <translation>--read-only-token muss sich von --token unterscheiden</translation>
    </message>
    <message>
        <location filename="../app/cli/sandbox/sandboxcommand.cpp" line="192"/>
        <source>--seed-targets: &quot;%1&quot; is not a count from 1 to 100000</source>
        <translation>--seed-targets: „%1“ ist keine Anzahl von 1 bis 100000</translation>
    </message>
    <message>
        <location filename="../app/cli/sandbox/sandboxcommand.cpp" line="203"/>
        <source>--fault: &quot;%1&quot; must be ROUTE=SPEC with ROUTE one of *, %2</source>
        <translation>--fault: „%1“ muss ROUTE=SPEC sein, mit ROUTE aus *, %2</translation>
    </message>
    <message>
        <location filename="../app/cli/sandbox/sandboxcommand.cpp" line="242"/>
        <source>--tls-cert and --tls-key go together</source>
        <translation>--tls-cert und --tls-key gehören zusammen</translation>
    </message>
    <message>
        <location filename="../app/cli/receive/receivecommand.cpp" line="283"/>
        <location filename="../app/cli/sandbox/sandboxcommand.cpp" line="254"/>
        <source>--host/--port: cannot listen on %1 port %2: %3</source>
        <translation>--host/--port: Auf %1 Port %2 kann nicht gelauscht werden: %3</translation>
    </message>
    <message>
        <location filename="../app/cli/core/terminationsignals.cpp" line="47"/>
        <source>cannot create the signal pipe: %1</source>
        <translation>die Signal-Pipe kann nicht angelegt werden: %1</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetcreatecommand.cpp" line="37"/>
        <source>Create a target. Prints its id and, once, its signing key.</source>
        <translation>Ein Ziel anlegen. Gibt seine ID und, einmalig, seinen Signaturschlüssel aus.</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetcreatecommand.cpp" line="50"/>
        <source>&apos;targets create&apos; needs %1 (see targetdesk-cli targets create --help)</source>
        <translation>„targets create“ braucht %1 (siehe targetdesk-cli targets create --help)</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetcreatecommand.cpp" line="107"/>
        <source>Created target %1 (%2)
</source>
        <translation>Ziel %1 angelegt (%2)
</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetcreatecommand.cpp" line="108"/>
        <location filename="../app/cli/targets/targetgetcommand.cpp" line="65"/>
        <source>Signing key</source>
        <translation>Signaturschlüssel</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetcreatecommand.cpp" line="118"/>
        <source>Your endpoint uses this key to verify the ZITADEL-Signature header of each call; it is shown only this once, so store it now.
</source>
        <translation>Ihr Endpunkt prüft mit diesem Schlüssel den ZITADEL-Signature-Header jedes Aufrufs; er wird nur dieses eine Mal angezeigt, speichern Sie ihn jetzt.
</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetdeletecommand.cpp" line="32"/>
        <source>Delete a target (asks first unless --yes is given).</source>
        <translation>Ein Ziel löschen (fragt vorher, außer mit --yes).</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetdeletecommand.cpp" line="33"/>
        <source>Delete without asking.</source>
        <translation>Ohne Rückfrage löschen.</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetdeletecommand.cpp" line="34"/>
        <location filename="../app/cli/targets/targetgetcommand.cpp" line="32"/>
        <location filename="../app/cli/targets/targettestcommand.cpp" line="122"/>
        <location filename="../app/cli/targets/targetupdatecommand.cpp" line="47"/>
        <source>the target id: targetdesk-cli %1 ID</source>
        <translation>die Ziel-ID: targetdesk-cli %1 ID</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetdeletecommand.cpp" line="41"/>
        <source>not deleting target %1 without confirmation: stdin is not a terminal, so nobody can answer; add --yes to delete without asking</source>
        <translation>Ziel %1 wird ohne Bestätigung nicht gelöscht: stdin ist kein Terminal, also kann niemand antworten; mit --yes ohne Rückfrage löschen</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetdeletecommand.cpp" line="62"/>
        <source>Delete target %1 (%2)? [y/N] </source>
        <translation>Ziel %1 (%2) löschen? [y/N] </translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetdeletecommand.cpp" line="65"/>
        <source>Nothing was deleted.
</source>
        <translation>Nichts wurde gelöscht.
</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetdeletecommand.cpp" line="83"/>
        <source>Deleted target %1
</source>
        <translation>Ziel %1 gelöscht
</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetfields.cpp" line="16"/>
        <source>Name of the target, unique in the instance.</source>
        <translation>Name des Ziels, eindeutig in der Instanz.</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetfields.cpp" line="18"/>
        <source>URL ZITADEL calls, e.g. https://hooks.example.com/zitadel.</source>
        <translation>URL, die ZITADEL aufruft, z. B. https://hooks.example.com/zitadel.</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetfields.cpp" line="19"/>
        <source>webhook, call or async.</source>
        <translation>webhook, call oder async.</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetfields.cpp" line="21"/>
        <source>Stop ZITADEL&apos;s request when the target fails (webhook and call only).</source>
        <translation>ZITADELs Anfrage abbrechen, wenn das Ziel fehlschlägt (nur webhook und call).</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetfields.cpp" line="23"/>
        <source>Do not stop ZITADEL&apos;s request when the target fails.</source>
        <translation>ZITADELs Anfrage nicht abbrechen, wenn das Ziel fehlschlägt.</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetfields.cpp" line="24"/>
        <source>Payload type json, jwt or jwe (default json).</source>
        <translation>Payload-Typ json, jwt oder jwe (Standard json).</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetfields.cpp" line="32"/>
        <source>The target&apos;s timeout, e.g. 10s or 1.5s; more than 0 and at most 270s.</source>
        <translation>Das Zeitlimit des Ziels, z. B. 10s oder 1.5s; mehr als 0 und höchstens 270s.</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetfields.cpp" line="39"/>
        <source>--interrupt-on-error and --no-interrupt-on-error contradict each other</source>
        <translation>--interrupt-on-error und --no-interrupt-on-error widersprechen sich</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetfields.cpp" line="50"/>
        <source>--type: &quot;%1&quot; is not a target type; use webhook, call or async</source>
        <translation>--type: „%1“ ist kein Zieltyp; verwenden Sie webhook, call oder async</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetfields.cpp" line="60"/>
        <source>--payload: &quot;%1&quot; is not a payload type; use json, jwt or jwe</source>
        <translation>--payload: „%1“ ist kein Payload-Typ; verwenden Sie json, jwt oder jwe</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetfields.cpp" line="78"/>
        <source>--interrupt-on-error cannot be used with --type async: async targets run in the background and never interrupt</source>
        <translation>--interrupt-on-error geht nicht mit --type async: Async-Ziele laufen im Hintergrund und brechen nie ab</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetgetcommand.cpp" line="28"/>
        <source>Show one target.</source>
        <translation>Ein Ziel anzeigen.</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetgetcommand.cpp" line="30"/>
        <source>Show the signing key in clear text (text output masks it).</source>
        <translation>Den Signaturschlüssel im Klartext anzeigen (die Textausgabe verdeckt ihn).</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetgetcommand.cpp" line="55"/>
        <source>******** (hidden; --show-signing-key shows it)</source>
        <translation>******** (verborgen; --show-signing-key zeigt ihn)</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetgetcommand.cpp" line="60"/>
        <source>Interrupt on error</source>
        <translation>Bei Fehler abbrechen</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetgetcommand.cpp" line="64"/>
        <source>Payload type</source>
        <translation>Payload-Typ</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetlistcommand.cpp" line="60"/>
        <source>List every target of the instance (all pages).</source>
        <translation>Jedes Ziel der Instanz auflisten (alle Seiten).</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetlistcommand.cpp" line="63"/>
        <source>Only targets whose name contains TEXT (ignoring case).</source>
        <translation>Nur Ziele, deren Name TEXT enthält (ohne Groß-/Kleinschreibung).</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetlistcommand.cpp" line="65"/>
        <source>Sort by name, created, changed, type, url or timeout (default: created).</source>
        <translation>Nach name, created, changed, type, url oder timeout sortieren (Standard: created).</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetlistcommand.cpp" line="67"/>
        <source>Sort ascending (default: descending).</source>
        <translation>Aufsteigend sortieren (Standard: absteigend).</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetlistcommand.cpp" line="81"/>
        <source>--sort: &quot;%1&quot; is not a column; use name, created, changed, type, url or timeout</source>
        <translation>--sort: „%1“ ist keine Spalte; verwenden Sie name, created, changed, type, url oder timeout</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetlistcommand.cpp" line="118"/>
        <source>No targets whose name contains &quot;%1&quot;
</source>
        <translation>Keine Ziele, deren Name „%1“ enthält
</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetlistcommand.cpp" line="120"/>
        <source>No targets
</source>
        <translation>Keine Ziele
</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetupdatecommand.cpp" line="41"/>
        <source>Change the given fields of a target; the others stay as they are.</source>
        <translation>Die angegebenen Felder eines Ziels ändern; die übrigen bleiben, wie sie sind.</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetupdatecommand.cpp" line="44"/>
        <source>Replace the signing key now and print the new one.</source>
        <translation>Den Signaturschlüssel jetzt ersetzen und den neuen ausgeben.</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetupdatecommand.cpp" line="60"/>
        <source>&apos;targets update&apos; needs at least one change: --name, --endpoint, --type, --timeout, --[no-]interrupt-on-error, --payload or --rotate-signing-key</source>
        <translation>„targets update“ braucht mindestens eine Änderung: --name, --endpoint, --type, --timeout, --[no-]interrupt-on-error, --payload oder --rotate-signing-key</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetupdatecommand.cpp" line="131"/>
        <source>--interrupt-on-error: target %1 is an async target, which never interrupts; add --type webhook or --type call to change its type too</source>
        <translation>--interrupt-on-error: Ziel %1 ist ein Async-Ziel, das nie abbricht; geben Sie zusätzlich --type webhook oder --type call an, um auch seinen Typ zu ändern</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetupdatecommand.cpp" line="153"/>
        <source>note: ZITADEL ignores turning interrupt-on-error off on a target created with it on; it was turned on and then off again, which ZITADEL does apply
</source>
        <translation>Hinweis: ZITADEL ignoriert das Ausschalten von interrupt-on-error bei einem Ziel, das damit angelegt wurde; es wurde ein- und wieder ausgeschaltet, was ZITADEL übernimmt
</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetupdatecommand.cpp" line="168"/>
        <source>ZITADEL answered the update of target %1 but did not change: %2. Check the target with &apos;targetdesk-cli targets get %1&apos;.</source>
        <translation>ZITADEL hat die Aktualisierung des Ziels %1 beantwortet, aber nicht geändert: %2. Prüfen Sie das Ziel mit „targetdesk-cli targets get %1“.</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetupdatecommand.cpp" line="181"/>
        <source>Updated target %1
</source>
        <translation>Ziel %1 aktualisiert
</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targetupdatecommand.cpp" line="165"/>
        <location filename="../app/cli/targets/targetupdatecommand.cpp" line="182"/>
        <source>New signing key</source>
        <translation>Neuer Signaturschlüssel</translation>
    </message>
    <message>
        <location filename="../app/cli/check/checkcommand.cpp" line="40"/>
        <source>Check targets, keys and executions for set-ups that never fire or lock the instance out.</source>
        <translation>Ziele, Schlüssel und Ausführungen auf Einrichtungen prüfen, die nie auslösen oder die Instanz aussperren.</translation>
    </message>
    <message>
        <location filename="../app/cli/check/checkcommand.cpp" line="45"/>
        <source>Exit 8 for warnings too, not only for errors.</source>
        <translation>Auch bei Warnungen mit 8 beenden, nicht nur bei Fehlern.</translation>
    </message>
    <message>
        <location filename="../app/cli/check/checkcommand.cpp" line="47"/>
        <source>Do not look up the endpoints&apos; host names (no DNS queries from this machine).</source>
        <translation>Die Hostnamen der Endpunkte nicht nachschlagen (keine DNS-Anfragen von diesem Rechner).</translation>
    </message>
    <message>
        <location filename="../app/cli/check/checkcommand.cpp" line="97"/>
        <source>NOTE</source>
        <translation>HINWEIS</translation>
    </message>
    <message>
        <location filename="../app/cli/check/checkcommand.cpp" line="98"/>
        <source>WARNING</source>
        <translation>WARNUNG</translation>
    </message>
    <message>
        <location filename="../app/cli/check/checkcommand.cpp" line="99"/>
        <source>ERROR</source>
        <translation>FEHLER</translation>
    </message>
    <message>
        <location filename="../app/cli/check/checkcommand.cpp" line="109"/>
        <source>%1  %2  [%3]
    %4
    In ZITADEL: %5
    Fix: %6
</source>
        <translation>%1  %2  [%3]
    %4
    In ZITADEL: %5
    Abhilfe: %6
</translation>
    </message>
    <message>
        <location filename="../app/cli/check/checkcommand.cpp" line="113"/>
        <source>%1 error(s), %2 warning(s), %3 note(s) in %4 target(s) and %5 execution(s)
</source>
        <translation>%1 Fehler, %2 Warnung(en), %3 Hinweis(e) in %4 Ziel(en) und %5 Ausführung(en)
</translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executiondeletecommand.cpp" line="36"/>
        <source>Remove an execution (asks first unless --yes is given).</source>
        <translation>Eine Ausführung entfernen (fragt vorher, außer mit --yes).</translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executiondeletecommand.cpp" line="37"/>
        <source>Remove without asking.</source>
        <translation>Ohne Rückfrage entfernen.</translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executiondeletecommand.cpp" line="40"/>
        <location filename="../app/cli/executions/executiongetcommand.cpp" line="36"/>
        <source>the condition: targetdesk-cli %1 CONDITION, e.g. event:all</source>
        <translation>die Bedingung: targetdesk-cli %1 CONDITION, z. B. event:all</translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executiondeletecommand.cpp" line="53"/>
        <source>not removing execution %1 without confirmation: stdin is not a terminal, so nobody can answer; add --yes to remove it without asking</source>
        <translation>Ausführung %1 wird ohne Bestätigung nicht entfernt: stdin ist kein Terminal, also kann niemand antworten; mit --yes ohne Rückfrage entfernen</translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executiondeletecommand.cpp" line="70"/>
        <source>ZITADEL has no execution for %1; nothing to remove</source>
        <translation>ZITADEL hat keine Ausführung für %1; nichts zu entfernen</translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executiondeletecommand.cpp" line="79"/>
        <source>Remove execution %1, which calls %2? [y/N] </source>
        <translation>Ausführung %1 entfernen, die %2 aufruft? [y/N] </translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executiondeletecommand.cpp" line="83"/>
        <source>Nothing was removed.
</source>
        <translation>Nichts wurde entfernt.
</translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executiondeletecommand.cpp" line="101"/>
        <source>ZITADEL answered as if the execution was removed, but it still calls %1</source>
        <translation>ZITADEL hat geantwortet, als sei die Ausführung entfernt, aber sie ruft weiterhin %1 auf</translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executiondeletecommand.cpp" line="112"/>
        <source>Removed execution %1
</source>
        <translation>Ausführung %1 entfernt
</translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executionfields.cpp" line="16"/>
        <source>CONDITION: %1</source>
        <translation>CONDITION: %1</translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executiongetcommand.cpp" line="33"/>
        <source>Show one execution and the targets it calls, in order.</source>
        <translation>Eine Ausführung und die Ziele, die sie aufruft, der Reihe nach anzeigen.</translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executiongetcommand.cpp" line="58"/>
        <source>ZITADEL has no execution for %1</source>
        <translation>ZITADEL hat keine Ausführung für %1</translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executiongetcommand.cpp" line="70"/>
        <source>Condition:  %1
Created:    %2
Changed:    %3
Targets, called in this order:
</source>
        <translation>Bedingung:  %1
Erstellt:   %2
Geändert:   %3
Ziele, in dieser Reihenfolge aufgerufen:
</translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executiongetcommand.cpp" line="79"/>
        <source>(no such target)</source>
        <translation>(Ziel existiert nicht)</translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executiongetcommand.cpp" line="83"/>
        <source>, interrupts on error</source>
        <translation>, bricht bei Fehler ab</translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executionlistcommand.cpp" line="40"/>
        <source>List the executions: what makes ZITADEL call which targets, in order.</source>
        <translation>Die Ausführungen auflisten: was ZITADEL welche Ziele aufrufen lässt, der Reihe nach.</translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executionlistcommand.cpp" line="43"/>
        <source>Only executions that call this target.</source>
        <translation>Nur Ausführungen, die dieses Ziel aufrufen.</translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executionlistcommand.cpp" line="45"/>
        <source>Only request, response, function or event executions.</source>
        <translation>Nur Ausführungen der Art request, response, function oder event.</translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executionlistcommand.cpp" line="55"/>
        <source>--target: the target id is empty</source>
        <translation>--target: Die Ziel-ID ist leer</translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executionlistcommand.cpp" line="70"/>
        <source>--kind: &quot;%1&quot; is not a kind; use request, response, function or event</source>
        <translation>--kind: „%1“ ist keine Art; verwenden Sie request, response, function oder event</translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executionlistcommand.cpp" line="119"/>
        <source>No executions
</source>
        <translation>Keine Ausführungen
</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/cli/executions/executionlistcommand.cpp" line="133"/>
        <source>%n execution(s)
</source>
        <translation>
            <numerusform>%n Ausführung
</numerusform>
            <numerusform>%n Ausführungen
</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executionsetcommand.cpp" line="38"/>
        <source>Make an execution call these targets, in this order (replaces its targets).</source>
        <translation>Eine Ausführung diese Ziele in dieser Reihenfolge aufrufen lassen (ersetzt ihre Ziele).</translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executionsetcommand.cpp" line="41"/>
        <source>A target to call; repeat it, in the order ZITADEL should call them.</source>
        <translation>Ein aufzurufendes Ziel; mehrfach angeben, in der Reihenfolge, in der ZITADEL sie aufrufen soll.</translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executionsetcommand.cpp" line="45"/>
        <source>the condition: targetdesk-cli %1 CONDITION --target ID, e.g. request:/zitadel.user.v2.UserService/AddHumanUser</source>
        <translation>die Bedingung: targetdesk-cli %1 CONDITION --target ID, z. B. request:/zitadel.user.v2.UserService/AddHumanUser</translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executionsetcommand.cpp" line="59"/>
        <source>--target is missing: name at least one target (to remove the execution use targetdesk-cli executions delete %1)</source>
        <translation>--target fehlt: Nennen Sie mindestens ein Ziel (zum Entfernen der Ausführung: targetdesk-cli executions delete %1)</translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executionsetcommand.cpp" line="72"/>
        <source>--target: a target id is empty</source>
        <translation>--target: Eine Ziel-ID ist leer</translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executionsetcommand.cpp" line="75"/>
        <source>--target: target %1 is given twice; ZITADEL refuses that</source>
        <translation>--target: Ziel %1 ist doppelt angegeben; das lehnt ZITADEL ab</translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executionsetcommand.cpp" line="100"/>
        <source>the execution was set, but reading it back failed: %1</source>
        <translation>die Ausführung wurde gesetzt, aber das Zurücklesen ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executionsetcommand.cpp" line="108"/>
        <source>ZITADEL answered as if the execution was set, but it calls [%1] instead of [%2]</source>
        <translation>ZITADEL hat geantwortet, als sei die Ausführung gesetzt, aber sie ruft [%1] statt [%2] auf</translation>
    </message>
    <message>
        <location filename="../app/cli/executions/executionsetcommand.cpp" line="118"/>
        <source>Execution %1 calls %2 (in this order)
</source>
        <translation>Ausführung %1 ruft %2 auf (in dieser Reihenfolge)
</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targettestcommand.cpp" line="107"/>
        <source>Send a target the delivery ZITADEL would send, and judge its answer as ZITADEL would.</source>
        <translation>Einem Ziel die Zustellung senden, die ZITADEL senden würde, und seine Antwort so beurteilen, wie ZITADEL es täte.</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targettestcommand.cpp" line="110"/>
        <source>The call to play (executions syntax); default: the first execution calling the target, else request:/zitadel.user.v2.UserService/AddHumanUser.</source>
        <translation>Der nachzuspielende Aufruf (Syntax wie bei executions); Standard: die erste Ausführung, die das Ziel aufruft, sonst request:/zitadel.user.v2.UserService/AddHumanUser.</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targettestcommand.cpp" line="115"/>
        <source>The event type for an event group or event:all condition; alone: the condition event:TYPE.</source>
        <translation>Der Ereignistyp für eine Ereignisgruppe oder die Bedingung event:all; allein: die Bedingung event:TYPE.</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targettestcommand.cpp" line="118"/>
        <source>Send this JSON object instead of the sample body.</source>
        <translation>Dieses JSON-Objekt statt des Beispielinhalts senden.</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targettestcommand.cpp" line="120"/>
        <source>Print the request (with --json as an object) instead of sending it.</source>
        <translation>Die Anfrage ausgeben (mit --json als Objekt), statt sie zu senden.</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targettestcommand.cpp" line="133"/>
        <source>--condition: %1</source>
        <translation>--condition: %1</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targettestcommand.cpp" line="138"/>
        <source>--event: &quot;%1&quot; is not an event type</source>
        <translation>--event: „%1“ ist kein Ereignistyp</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targettestcommand.cpp" line="144"/>
        <source>--event goes with an event group or event:all condition, not with %1</source>
        <translation>--event gehört zu einer Ereignisgruppe oder zur Bedingung event:all, nicht zu %1</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targettestcommand.cpp" line="149"/>
        <source>--event: %1 is not in the event group %2</source>
        <translation>--event: %1 liegt nicht in der Ereignisgruppe %2</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targettestcommand.cpp" line="208"/>
        <source>condition: %1 (the first execution that calls %2)
</source>
        <translation>Bedingung: %1 (die erste Ausführung, die %2 aufruft)
</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targettestcommand.cpp" line="212"/>
        <source>condition: %1 (no execution calls %2; give --condition for another call)
</source>
        <translation>Bedingung: %1 (keine Ausführung ruft %2 auf; geben Sie --condition für einen anderen Aufruf an)
</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targettestcommand.cpp" line="223"/>
        <source>note: the JWT is signed with Targetdesk&apos;s local test key, not the instance&apos;s key: a receiver that checks the instance JWKS will refuse it.
</source>
        <translation>Hinweis: Das JWT ist mit dem lokalen Testschlüssel von Targetdesk signiert, nicht mit dem Schlüssel der Instanz: Ein Empfänger, der das JWKS der Instanz prüft, lehnt es ab.
</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targettestcommand.cpp" line="247"/>
        <source>dry run: nothing was sent
</source>
        <translation>Probelauf: Nichts wurde gesendet
</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targettestcommand.cpp" line="271"/>
        <source>Sent:      POST %1 (%2, %3)
</source>
        <translation>Gesendet:       POST %1 (%2, %3)
</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targettestcommand.cpp" line="275"/>
        <source>Answer:    %1 in %2 ms (timeout %3 ms)
</source>
        <translation>Antwort:        %1 in %2 ms (Zeitlimit %3 ms)
</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targettestcommand.cpp" line="280"/>
        <source>Answer:    none after %1 ms (timeout %2 ms): %3
</source>
        <translation>Antwort:        keine nach %1 ms (Zeitlimit %2 ms): %3
</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targettestcommand.cpp" line="284"/>
        <source>ZITADEL:   %1: %2
</source>
        <translation>ZITADEL:        %1: %2
</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targettestcommand.cpp" line="285"/>
        <source>success</source>
        <translation>Erfolg</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targettestcommand.cpp" line="286"/>
        <source>failure</source>
        <translation>Fehlschlag</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targettestcommand.cpp" line="289"/>
        <source>User sees: %1
</source>
        <translation>Benutzer sieht: %1
</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targettestcommand.cpp" line="293"/>
        <source>... (%1 bytes)</source>
        <translation>... (%1 Bytes)</translation>
    </message>
    <message>
        <location filename="../app/cli/targets/targettestcommand.cpp" line="294"/>
        <source>Body:      %1
</source>
        <translation>Inhalt:         %1
</translation>
    </message>
</context>
<context>
    <name>targetdesk::JsonTreeModel</name>
    <message>
        <location filename="../lib/model/jsontreemodel.cpp" line="305"/>
        <source>object</source>
        <translation>Objekt</translation>
    </message>
    <message>
        <location filename="../lib/model/jsontreemodel.cpp" line="307"/>
        <source>array</source>
        <translation>Array</translation>
    </message>
    <message>
        <location filename="../lib/model/jsontreemodel.cpp" line="309"/>
        <source>string</source>
        <translation>Zeichenkette</translation>
    </message>
    <message>
        <location filename="../lib/model/jsontreemodel.cpp" line="309"/>
        <source>string (time)</source>
        <translation>Zeichenkette (Zeit)</translation>
    </message>
    <message>
        <location filename="../lib/model/jsontreemodel.cpp" line="311"/>
        <source>number</source>
        <translation>Zahl</translation>
    </message>
    <message>
        <location filename="../lib/model/jsontreemodel.cpp" line="313"/>
        <source>boolean</source>
        <translation>Boolescher Wert</translation>
    </message>
    <message>
        <location filename="../lib/model/jsontreemodel.cpp" line="315"/>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message numerus="yes">
        <location filename="../lib/model/jsontreemodel.cpp" line="322"/>
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n Element</numerusform>
            <numerusform>%n Elemente</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../lib/model/jsontreemodel.cpp" line="324"/>
        <source>%n element(s)</source>
        <translation>
            <numerusform>%n Eintrag</numerusform>
            <numerusform>%n Einträge</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../lib/model/jsontreemodel.cpp" line="327"/>
        <source>%1
= %2</source>
        <translation>%1
= %2</translation>
    </message>
    <message>
        <location filename="../lib/model/jsontreemodel.cpp" line="353"/>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <location filename="../lib/model/jsontreemodel.cpp" line="355"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../lib/model/jsontreemodel.cpp" line="357"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
</context>
<context>
    <name>targetdesk::PublicKeyListModel</name>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="125"/>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="127"/>
        <source>Active but expired</source>
        <translation>Aktiv, aber abgelaufen</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="129"/>
        <source>Inactive</source>
        <translation>Inaktiv</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="131"/>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="140"/>
        <source>ZITADEL encrypts this target&apos;s payloads with this key.</source>
        <translation>ZITADEL verschlüsselt die Payloads dieses Ziels mit diesem Schlüssel.</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="142"/>
        <source>Marked active, but expired: ZITADEL no longer uses it and sends this target nothing.</source>
        <translation>Als aktiv markiert, aber abgelaufen: ZITADEL verwendet ihn nicht mehr und sendet diesem Ziel nichts.</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="144"/>
        <source>Not used; it can be activated.</source>
        <translation>Nicht verwendet; er kann aktiviert werden.</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="146"/>
        <source>Expired: it can no longer be activated.</source>
        <translation>Abgelaufen: Er kann nicht mehr aktiviert werden.</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="160"/>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="166"/>
        <source>expired today (%1)</source>
        <translation>heute abgelaufen (%1)</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="168"/>
        <source>expired 1 day ago (%1)</source>
        <translation>vor 1 Tag abgelaufen (%1)</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="169"/>
        <source>expired %1 days ago (%2)</source>
        <translation>vor %1 Tagen abgelaufen (%2)</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="172"/>
        <source>in less than an hour (%1)</source>
        <translation>in weniger als einer Stunde (%1)</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="174"/>
        <source>in 1 hour (%1)</source>
        <translation>in 1 Stunde (%1)</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="176"/>
        <source>in %1 hours (%2)</source>
        <translation>in %1 Stunden (%2)</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="178"/>
        <source>in 1 day (%1)</source>
        <translation>in 1 Tag (%1)</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="179"/>
        <source>in %1 days (%2)</source>
        <translation>in %1 Tagen (%2)</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="219"/>
        <source>On this machine</source>
        <translation>Auf diesem Rechner</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="219"/>
        <source>Not here</source>
        <translation>Nicht hier</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="265"/>
        <source>This key does not expire.</source>
        <translation>Dieser Schlüssel läuft nicht ab.</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="271"/>
        <source>The vault on this machine holds the private key: payloads encrypted to it can be read here.</source>
        <translation>Der Tresor auf diesem Rechner enthält den privaten Schlüssel: An ihn verschlüsselte Payloads können hier gelesen werden.</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="272"/>
        <source>This machine does not hold the private key.</source>
        <translation>Dieser Rechner hat den privaten Schlüssel nicht.</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="274"/>
        <source>%1
SHA-256 fingerprint of the public key (Keys → Copy Fingerprint copies it)</source>
        <translation>%1
SHA-256-Fingerabdruck des öffentlichen Schlüssels (Schlüssel → Fingerabdruck kopieren kopiert ihn)</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="292"/>
        <source>Warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="319"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="321"/>
        <source>Key ID</source>
        <translation>Schlüssel-ID</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="323"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="325"/>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="327"/>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="329"/>
        <source>Private Key</source>
        <translation>Privater Schlüssel</translation>
    </message>
    <message>
        <location filename="../lib/model/publickeylistmodel.cpp" line="331"/>
        <source>Fingerprint</source>
        <translation>Fingerabdruck</translation>
    </message>
</context>
<context>
    <name>targetdesk::TargetListModel</name>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="58"/>
        <source>Webhook</source>
        <translation>Webhook</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="60"/>
        <source>Call</source>
        <translation>Call</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="62"/>
        <source>Async</source>
        <translation>Async</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="72"/>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="74"/>
        <source>JWT</source>
        <translation>JWT</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="76"/>
        <source>JWE</source>
        <translation>JWE</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="96"/>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="98"/>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="105"/>
        <location filename="../lib/model/targetlistmodel.cpp" line="172"/>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="107"/>
        <source>Expired (%1)</source>
        <translation>Abgelaufen (%1)</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="108"/>
        <source>No active key</source>
        <translation>Kein aktiver Schlüssel</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="115"/>
        <source>Not checked yet</source>
        <translation>Noch nicht geprüft</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="117"/>
        <source>Could not read the public keys: %1</source>
        <translation>Die öffentlichen Schlüssel konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="123"/>
        <source>ZITADEL encrypts payloads with key %1</source>
        <translation>ZITADEL verschlüsselt Payloads mit Schlüssel %1</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="124"/>
        <source>Key %1 is active; it is used only with JWE payloads</source>
        <translation>Schlüssel %1 ist aktiv; er wird nur bei JWE-Payloads verwendet</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="126"/>
        <source>No active key; JSON and JWT payloads do not need one</source>
        <translation>Kein aktiver Schlüssel; JSON- und JWT-Payloads brauchen keinen</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="128"/>
        <source>The active key %1 has expired: ZITADEL sends nothing to this target until a valid key is active</source>
        <translation>Der aktive Schlüssel %1 ist abgelaufen: ZITADEL sendet diesem Ziel nichts, bis ein gültiger Schlüssel aktiv ist</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="130"/>
        <source>No active key: ZITADEL sends nothing to this target until a key is active</source>
        <translation>Kein aktiver Schlüssel: ZITADEL sendet diesem Ziel nichts, bis ein Schlüssel aktiv ist</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="173"/>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="173"/>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="215"/>
        <source>%1
ID: %2</source>
        <translation>%1
ID: %2</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="219"/>
        <source>Webhook: ZITADEL waits for the answer but ignores its body</source>
        <translation>Webhook: ZITADEL wartet auf die Antwort, ignoriert aber ihren Inhalt</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="221"/>
        <source>Call: the answer replaces the request or response</source>
        <translation>Call: Die Antwort ersetzt die Anfrage oder Antwort</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="223"/>
        <source>Async: fire and forget, never interrupts</source>
        <translation>Async: Senden und vergessen, bricht nie ab</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="229"/>
        <location filename="../lib/model/targetlistmodel.cpp" line="260"/>
        <source>%1 seconds</source>
        <translation>%1 Sekunden</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="232"/>
        <source>Async targets never interrupt</source>
        <translation>Async-Ziele brechen nie ab</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="233"/>
        <source>An error from this target stops the request</source>
        <translation>Ein Fehler dieses Ziels bricht die Anfrage ab</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="234"/>
        <source>Errors from this target are ignored</source>
        <translation>Fehler dieses Ziels werden ignoriert</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="237"/>
        <source>Not specified: ZITADEL sends JSON</source>
        <translation>Nicht angegeben: ZITADEL sendet JSON</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="240"/>
        <source>JSON signed as a JWT with the instance key</source>
        <translation>JSON, als JWT mit dem Instanzschlüssel signiert</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="242"/>
        <source>A signed JWT encrypted with the target&apos;s active public key</source>
        <translation>Ein signiertes JWT, verschlüsselt mit dem aktiven öffentlichen Schlüssel des Ziels</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="244"/>
        <source>Plain JSON</source>
        <translation>Reines JSON</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="263"/>
        <source>Not applicable</source>
        <translation>Nicht zutreffend</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="264"/>
        <source>Interrupts on error</source>
        <translation>Bricht bei Fehler ab</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="264"/>
        <source>Does not interrupt on error</source>
        <translation>Bricht bei Fehler nicht ab</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="268"/>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="270"/>
        <source>Never changed</source>
        <translation>Nie geändert</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="323"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="325"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="327"/>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="329"/>
        <source>Timeout</source>
        <translation>Zeitlimit</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="331"/>
        <source>Interrupt on error</source>
        <translation>Bei Fehler abbrechen</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="333"/>
        <source>Payload</source>
        <translation>Payload</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="335"/>
        <source>Active key</source>
        <translation>Aktiver Schlüssel</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="337"/>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="339"/>
        <source>Changed</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="345"/>
        <source>Webhook, call or async</source>
        <translation>Webhook, Call oder Async</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="347"/>
        <source>How long ZITADEL waits for the target</source>
        <translation>Wie lange ZITADEL auf das Ziel wartet</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="349"/>
        <source>Whether an error from the target stops the request</source>
        <translation>Ob ein Fehler des Ziels die Anfrage abbricht</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="351"/>
        <source>How ZITADEL encodes what it sends: JSON, JWT or JWE</source>
        <translation>Wie ZITADEL kodiert, was es sendet: JSON, JWT oder JWE</translation>
    </message>
    <message>
        <location filename="../lib/model/targetlistmodel.cpp" line="353"/>
        <source>The public key ZITADEL encrypts JWE payloads with</source>
        <translation>Der öffentliche Schlüssel, mit dem ZITADEL JWE-Payloads verschlüsselt</translation>
    </message>
</context>
<context>
    <name>targetdesk::auth::ConnectionTest</name>
    <message>
        <location filename="../lib/api/auth/connectiontest.cpp" line="40"/>
        <source>Plain http: nothing is encrypted.</source>
        <translation>Reines http: Nichts wird verschlüsselt.</translation>
    </message>
    <message>
        <location filename="../lib/api/auth/connectiontest.cpp" line="96"/>
        <source>Pinned certificate %1</source>
        <translation>Angeheftetes Zertifikat %1</translation>
    </message>
    <message>
        <location filename="../lib/api/auth/connectiontest.cpp" line="98"/>
        <source>The certificate has changed: the profile pins %1, the server presented %2.</source>
        <translation>Das Zertifikat hat sich geändert: Das Profil heftet %1 an, der Server legte %2 vor.</translation>
    </message>
    <message>
        <location filename="../lib/api/auth/connectiontest.cpp" line="103"/>
        <source>Issued by %1, valid until %2</source>
        <translation>Ausgestellt von %1, gültig bis %2</translation>
    </message>
    <message>
        <location filename="../lib/api/auth/connectiontest.cpp" line="105"/>
        <source>Not trusted (%1). SHA-256 fingerprint %2.</source>
        <translation>Nicht vertrauenswürdig (%1). SHA-256-Fingerabdruck %2.</translation>
    </message>
    <message>
        <location filename="../lib/api/auth/connectiontest.cpp" line="118"/>
        <source>No credentials are set.</source>
        <translation>Keine Zugangsdaten gesetzt.</translation>
    </message>
    <message>
        <location filename="../lib/api/auth/connectiontest.cpp" line="159"/>
        <location filename="../lib/api/auth/connectiontest.cpp" line="165"/>
        <source>Accepted</source>
        <translation>Akzeptiert</translation>
    </message>
    <message numerus="yes">
        <location filename="../lib/api/auth/connectiontest.cpp" line="166"/>
        <source>%n target(s)</source>
        <translation>
            <numerusform>%n Ziel</numerusform>
            <numerusform>%n Ziele</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../lib/api/auth/connectiontest.cpp" line="181"/>
        <source>Allowed</source>
        <translation>Erlaubt</translation>
    </message>
</context>
<context>
    <name>targetdesk::checks::SnapshotLoader</name>
    <message>
        <location filename="../lib/checks/snapshotloader.cpp" line="62"/>
        <source>the user may not read them (iam.web_key.read)</source>
        <translation>der Benutzer darf sie nicht lesen (iam.web_key.read)</translation>
    </message>
</context>
<context>
    <name>targetdesk::cli::CommandLine</name>
    <message>
        <location filename="../app/cli/core/commandline.cpp" line="136"/>
        <source>no command given (expected &apos;targets&apos;, &apos;executions&apos;, &apos;keys&apos;, &apos;check&apos;, &apos;profiles&apos;, &apos;inspect&apos; or &apos;sandbox&apos;)</source>
        <translation>kein Befehl angegeben (erwartet: „targets“, „executions“, „keys“, „check“, „profiles“, „inspect“ oder „sandbox“)</translation>
    </message>
    <message>
        <location filename="../app/cli/core/commandline.cpp" line="167"/>
        <source>unknown command &apos;%1&apos; (expected &apos;targets&apos;, &apos;executions&apos;, &apos;keys&apos;, &apos;check&apos;, &apos;profiles&apos;, &apos;inspect&apos; or &apos;sandbox&apos;)</source>
        <translation>unbekannter Befehl „%1“ (erwartet: „targets“, „executions“, „keys“, „check“, „profiles“, „inspect“ oder „sandbox“)</translation>
    </message>
    <message>
        <location filename="../app/cli/core/commandline.cpp" line="183"/>
        <source>&apos;%1&apos; needs a subcommand: %2</source>
        <translation>„%1“ braucht einen Unterbefehl: %2</translation>
    </message>
    <message>
        <location filename="../app/cli/core/commandline.cpp" line="197"/>
        <source>unknown subcommand &apos;%1 %2&apos; (expected %3)</source>
        <translation>unbekannter Unterbefehl „%1 %2“ (erwartet: %3)</translation>
    </message>
    <message>
        <location filename="../app/cli/core/commandline.cpp" line="227"/>
        <source>--token is not accepted by &apos;%1&apos;: the token is read only from the environment variable TARGETDESK_TOKEN, so it never shows up in process lists</source>
        <translation>--token wird von „%1“ nicht angenommen: Das Token wird nur aus der Umgebungsvariable TARGETDESK_TOKEN gelesen, damit es nie in Prozesslisten erscheint</translation>
    </message>
    <message>
        <location filename="../app/cli/core/commandline.cpp" line="234"/>
        <source>option %1 is not valid for &apos;%2&apos; (see targetdesk-cli %2 --help)</source>
        <translation>Option %1 ist für „%2“ nicht gültig (siehe targetdesk-cli %2 --help)</translation>
    </message>
    <message>
        <location filename="../app/cli/core/commandline.cpp" line="246"/>
        <source>option %1 is given more than once</source>
        <translation>Option %1 ist mehrfach angegeben</translation>
    </message>
    <message>
        <location filename="../app/cli/core/commandline.cpp" line="253"/>
        <source>the request timeout is given twice (--timeout and --request-timeout)</source>
        <translation>das Zeitlimit für Anfragen ist doppelt angegeben (--timeout und --request-timeout)</translation>
    </message>
    <message>
        <location filename="../app/cli/main.cpp" line="59"/>
        <source>Run &apos;targetdesk-cli %1--help&apos; for usage.
</source>
        <translation>Aufruf: siehe „targetdesk-cli %1--help“.
</translation>
    </message>
</context>
<context>
    <name>targetdesk::cli::console</name>
    <message>
        <location filename="../app/cli/core/console.cpp" line="38"/>
        <source>error: </source>
        <translation>Fehler: </translation>
    </message>
</context>
<context>
    <name>targetdesk::crypto</name>
    <message>
        <location filename="../lib/crypto/joseheader.cpp" line="28"/>
        <location filename="../lib/crypto/jsonguard.cpp" line="51"/>
        <source>%1 is too large (%2 bytes, at most %3).</source>
        <translation>%1 ist zu groß (%2 Bytes, höchstens %3).</translation>
    </message>
    <message>
        <location filename="../lib/crypto/joseheader.cpp" line="47"/>
        <source>%1 must have %2 parts separated by dots; this one has %3.</source>
        <translation>%1 muss aus %2 durch Punkte getrennten Teilen bestehen; dieses hat %3.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/joseheader.cpp" line="50"/>
        <source>more</source>
        <translation>mehr</translation>
    </message>
    <message>
        <location filename="../lib/crypto/joseheader.cpp" line="58"/>
        <source>%1 is not valid base64url.</source>
        <translation>%1 ist kein gültiges base64url.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/joseheader.cpp" line="66"/>
        <source>%1 is empty.</source>
        <translation>%1 ist leer.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/joseheader.cpp" line="70"/>
        <source>%1 is too large (more than %2 bytes).</source>
        <translation>%1 ist zu groß (mehr als %2 Bytes).</translation>
    </message>
    <message>
        <location filename="../lib/crypto/joseheader.cpp" line="81"/>
        <source>The &quot;%1&quot; member of %2 is not a string.</source>
        <translation>Das Element „%1“ von %2 ist keine Zeichenkette.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/joseheader.cpp" line="87"/>
        <source>The &quot;crit&quot; member of %1 must be a non-empty array of names.</source>
        <translation>Das Element „crit“ von %1 muss ein nicht leeres Array von Namen sein.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/joseheader.cpp" line="90"/>
        <source>The &quot;crit&quot; member of %1 must list names (strings).</source>
        <translation>Das Element „crit“ von %1 muss Namen (Zeichenketten) auflisten.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/joseheader.cpp" line="106"/>
        <source>%1 marks extensions as critical that are not understood here: %2.</source>
        <translation>%1 markiert Erweiterungen als kritisch, die hier nicht verstanden werden: %2.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/joseheader.cpp" line="115"/>
        <source>%1 has no &quot;%2&quot; member.</source>
        <translation>%1 hat kein Element „%2“.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jsonguard.cpp" line="55"/>
        <source>%1 is nested too deeply (more than %2 levels).</source>
        <translation>%1 ist zu tief verschachtelt (mehr als %2 Ebenen).</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jsonguard.cpp" line="61"/>
        <source>%1 is not valid JSON: %2 at offset %3.</source>
        <translation>%1 ist kein gültiges JSON: %2 an Position %3.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jsonguard.cpp" line="75"/>
        <source>%1 is not a JSON object.</source>
        <translation>%1 ist kein JSON-Objekt.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="28"/>
        <source>The JWE header</source>
        <translation>Der JWE-Header</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="34"/>
        <source>Could not decrypt: the token was not encrypted to this key, or it was changed.</source>
        <translation>Entschlüsselung nicht möglich: Das Token wurde nicht an diesen Schlüssel verschlüsselt oder wurde verändert.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="81"/>
        <source>The JWE algorithm &quot;none&quot; is refused: it is not encryption.</source>
        <translation>Der JWE-Algorithmus „none“ wird abgelehnt: Er ist keine Verschlüsselung.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="83"/>
        <source>The JWE algorithm &quot;RSA1_5&quot; is refused: RSA PKCS#1 v1.5 encryption is open to padding-oracle attacks. ZITADEL uses RSA-OAEP-256.</source>
        <translation>Der JWE-Algorithmus „RSA1_5“ wird abgelehnt: RSA-PKCS#1-v1.5-Verschlüsselung ist für Padding-Oracle-Angriffe anfällig. ZITADEL verwendet RSA-OAEP-256.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="86"/>
        <source>The JWE algorithm &quot;%1&quot; is refused: password-based encryption is not used by ZITADEL and its iteration count lets a sender make decryption arbitrarily slow.</source>
        <translation>Der JWE-Algorithmus „%1“ wird abgelehnt: Passwortbasierte Verschlüsselung verwendet ZITADEL nicht, und ihre Iterationszahl erlaubt einem Absender, die Entschlüsselung beliebig zu verlangsamen.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="90"/>
        <source>The JWE algorithm &quot;dir&quot; is refused: it needs a shared symmetric key; ZITADEL encrypts to a public key.</source>
        <translation>Der JWE-Algorithmus „dir“ wird abgelehnt: Er braucht einen gemeinsamen symmetrischen Schlüssel; ZITADEL verschlüsselt an einen öffentlichen Schlüssel.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="94"/>
        <source>The JWE algorithm &quot;%1&quot; is refused: it needs a shared symmetric key; ZITADEL encrypts to a public key.</source>
        <translation>Der JWE-Algorithmus „%1“ wird abgelehnt: Er braucht einen gemeinsamen symmetrischen Schlüssel; ZITADEL verschlüsselt an einen öffentlichen Schlüssel.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="97"/>
        <source>The JWE algorithm &quot;%1&quot; is not supported.</source>
        <translation>Der JWE-Algorithmus „%1“ wird nicht unterstützt.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="111"/>
        <source>The encrypted key is %1 bytes long; an RSA %2 key encrypts to %3 bytes.</source>
        <translation>Der verschlüsselte Schlüssel ist %1 Bytes lang; ein RSA-%2-Schlüssel verschlüsselt zu %3 Bytes.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="129"/>
        <source>%1 key decryption failed: the token was encrypted to another key, or its encrypted key was changed.</source>
        <translation>%1-Schlüsselentschlüsselung fehlgeschlagen: Das Token wurde an einen anderen Schlüssel verschlüsselt, oder sein verschlüsselter Schlüssel wurde verändert.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="149"/>
        <source>Not a public key.</source>
        <translation>Kein öffentlicher Schlüssel.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="200"/>
        <source>A JWE</source>
        <translation>Ein JWE</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="221"/>
        <source>The JWE content encryption &quot;%1&quot; is not supported.</source>
        <translation>Die JWE-Inhaltsverschlüsselung „%1“ wird nicht unterstützt.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="223"/>
        <source>The JWE compression &quot;%1&quot; is not supported (only &quot;DEF&quot;).</source>
        <translation>Die JWE-Kompression „%1“ wird nicht unterstützt (nur „DEF“).</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="227"/>
        <source>The JWE header has no ephemeral public key (&quot;epk&quot;), which %1 needs.</source>
        <translation>Der JWE-Header hat keinen ephemeren öffentlichen Schlüssel („epk“), den %1 braucht.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="232"/>
        <source>The ephemeral public key (epk) must be an EC key on P-256, P-384 or P-521 (it is &quot;%1&quot; on &quot;%2&quot;).</source>
        <translation>Der ephemere öffentliche Schlüssel (epk) muss ein EC-Schlüssel auf P-256, P-384 oder P-521 sein (er ist „%1“ auf „%2“).</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="238"/>
        <source>The &quot;%1&quot; member of the JWE header is not valid base64url.</source>
        <translation>Das Element „%1“ des JWE-Headers ist kein gültiges base64url.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="243"/>
        <source>The JWE encrypted key</source>
        <translation>Der verschlüsselte JWE-Schlüssel</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="244"/>
        <source>The JWE IV</source>
        <translation>Der JWE-IV</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="245"/>
        <source>The JWE ciphertext</source>
        <translation>Der JWE-Chiffretext</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="246"/>
        <source>The JWE authentication tag</source>
        <translation>Das JWE-Authentifizierungs-Tag</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="253"/>
        <source>A JWE with ECDH-ES must have an empty encrypted key part.</source>
        <translation>Ein JWE mit ECDH-ES muss einen leeren Teil für den verschlüsselten Schlüssel haben.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="255"/>
        <source>The JWE encrypted key part is empty.</source>
        <translation>Der Teil für den verschlüsselten JWE-Schlüssel ist leer.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="257"/>
        <source>The JWE IV is %1 bytes long; %2 uses %3 bytes.</source>
        <translation>Der JWE-IV ist %1 Bytes lang; %2 verwendet %3 Bytes.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="262"/>
        <source>The JWE authentication tag is %1 bytes long; %2 uses %3 bytes.</source>
        <translation>Das JWE-Authentifizierungs-Tag ist %1 Bytes lang; %2 verwendet %3 Bytes.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="319"/>
        <location filename="../lib/crypto/jws.cpp" line="170"/>
        <source>no key</source>
        <translation>kein Schlüssel</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="322"/>
        <source>%1 needs an RSA key, not %2.</source>
        <translation>%1 braucht einen RSA-Schlüssel, nicht %2.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="325"/>
        <source>%1 needs an EC key on %2, not %3.</source>
        <translation>%1 braucht einen EC-Schlüssel auf %2, nicht %3.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="327"/>
        <source>The token&apos;s ephemeral key is on %1; the key is %2.</source>
        <translation>Der ephemere Schlüssel des Tokens liegt auf %1; der Schlüssel ist %2.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="330"/>
        <source>unsupported algorithm</source>
        <translation>nicht unterstützter Algorithmus</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="340"/>
        <source>No JWE to decrypt.</source>
        <translation>Kein JWE zum Entschlüsseln.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="355"/>
        <source>%1 needs an EC key, not %2.</source>
        <translation>%1 braucht einen EC-Schlüssel, nicht %2.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="374"/>
        <source>AES key unwrap failed: the wrapped key does not pass its integrity check (another key, or the token was changed).</source>
        <translation>AES-Key-Unwrap fehlgeschlagen: Der verpackte Schlüssel besteht seine Integritätsprüfung nicht (ein anderer Schlüssel, oder das Token wurde verändert).</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="383"/>
        <source>The decrypted content key is %1 bytes long; %2 needs %3.</source>
        <translation>Der entschlüsselte Inhaltsschlüssel ist %1 Bytes lang; %2 braucht %3.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="391"/>
        <source>%1 content decryption failed: the authentication tag does not match (the header, IV, ciphertext or tag was changed, or the key is wrong).</source>
        <translation>%1-Inhaltsentschlüsselung fehlgeschlagen: Das Authentifizierungs-Tag passt nicht (Header, IV, Chiffretext oder Tag wurden verändert, oder der Schlüssel ist falsch).</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="400"/>
        <source>The compressed payload inflates to more than %1 bytes: refused.</source>
        <translation>Die komprimierte Payload entpackt sich zu mehr als %1 Bytes: abgelehnt.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="403"/>
        <source>The payload is marked &quot;zip&quot;:&quot;DEF&quot; but is not valid DEFLATE data.</source>
        <translation>Die Payload ist als „zip“:„DEF“ markiert, ist aber kein gültiges DEFLATE.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="411"/>
        <source>ECDH-ES needs an EC key.</source>
        <translation>ECDH-ES braucht einen EC-Schlüssel.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="413"/>
        <source>The ephemeral public key (epk)</source>
        <translation>Der ephemere öffentliche Schlüssel (epk)</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="424"/>
        <source>The ephemeral public key (epk) is on %1, but the key is on %2.</source>
        <translation>Der ephemere öffentliche Schlüssel (epk) liegt auf %1, der Schlüssel aber auf %2.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="429"/>
        <source>ECDH key agreement failed.</source>
        <translation>ECDH-Schlüsselvereinbarung fehlgeschlagen.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="433"/>
        <source>The Concat KDF failed.</source>
        <translation>Die Concat-KDF ist fehlgeschlagen.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="448"/>
        <source>Cannot encrypt with %1 / %2 to %3.</source>
        <translation>Verschlüsseln mit %1 / %2 an %3 nicht möglich.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="500"/>
        <source>ECDH-ES key derivation failed.</source>
        <translation>ECDH-ES-Schlüsselableitung fehlgeschlagen.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="508"/>
        <source>AES key wrap failed.</source>
        <translation>AES-Key-Wrap fehlgeschlagen.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwe.cpp" line="519"/>
        <source>Content encryption failed.</source>
        <translation>Inhaltsverschlüsselung fehlgeschlagen.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwk.cpp" line="49"/>
        <source>%1 has no &quot;%2&quot; member (a base64url string).</source>
        <translation>%1 hat kein Element „%2“ (eine base64url-Zeichenkette).</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwk.cpp" line="53"/>
        <source>The &quot;%1&quot; member of %2 is too long.</source>
        <translation>Das Element „%1“ von %2 ist zu lang.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwk.cpp" line="60"/>
        <source>The &quot;%1&quot; member of %2 is not valid base64url.</source>
        <translation>Das Element „%1“ von %2 ist kein gültiges base64url.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwk.cpp" line="90"/>
        <source>OpenSSL does not accept the key: %1</source>
        <translation>OpenSSL akzeptiert den Schlüssel nicht: %1</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwk.cpp" line="171"/>
        <source>%1 is on the curve &quot;%2&quot;: only P-256, P-384 and P-521 are supported.</source>
        <translation>%1 liegt auf der Kurve „%2“: Nur P-256, P-384 und P-521 werden unterstützt.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwk.cpp" line="183"/>
        <source>The coordinates of %1 are not %2 bytes long as %3 requires.</source>
        <translation>Die Koordinaten von %1 sind nicht %2 Bytes lang, wie %3 es verlangt.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwk.cpp" line="220"/>
        <source>%1 is not a point on %2.</source>
        <translation>%1 ist kein Punkt auf %2.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwk.cpp" line="159"/>
        <location filename="../lib/crypto/jwk.cpp" line="200"/>
        <location filename="../lib/crypto/jwk.cpp" line="319"/>
        <location filename="../lib/crypto/jwk.cpp" line="328"/>
        <source>%1 is not a valid point on %2.</source>
        <translation>%1 ist kein gültiger Punkt auf %2.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwk.cpp" line="231"/>
        <source>%1 is an OKP key on &quot;%2&quot;: only Ed25519 and Ed448 are supported.</source>
        <translation>%1 ist ein OKP-Schlüssel auf „%2“: Nur Ed25519 und Ed448 werden unterstützt.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwk.cpp" line="240"/>
        <source>%1 is not a valid %2 key.</source>
        <translation>%1 ist kein gültiger %2-Schlüssel.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwk.cpp" line="291"/>
        <location filename="../lib/crypto/jwk.cpp" line="298"/>
        <source>%1 is not an EC key (&quot;kty&quot;:&quot;EC&quot;).</source>
        <translation>%1 ist kein EC-Schlüssel („kty“:„EC“).</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwk.cpp" line="335"/>
        <source>the JWK</source>
        <translation>das JWK</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwk.cpp" line="335"/>
        <source>the JWK &quot;%1&quot;</source>
        <translation>das JWK „%1“</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwk.cpp" line="338"/>
        <source>%1 has no &quot;kty&quot;.</source>
        <translation>%1 hat kein „kty“.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwk.cpp" line="356"/>
        <source>%1 is a symmetric (&quot;oct&quot;) key: only public keys are used to verify.</source>
        <translation>%1 ist ein symmetrischer („oct“) Schlüssel: Zum Prüfen werden nur öffentliche Schlüssel verwendet.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwk.cpp" line="359"/>
        <source>%1 has the unknown type &quot;%2&quot;.</source>
        <translation>%1 hat den unbekannten Typ „%2“.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwk.cpp" line="390"/>
        <source>Not a public key (PEM &quot;BEGIN PUBLIC KEY&quot; or DER).</source>
        <translation>Kein öffentlicher Schlüssel (PEM „BEGIN PUBLIC KEY“ oder DER).</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwk.cpp" line="424"/>
        <source>%1 keys cannot verify JOSE signatures.</source>
        <translation>%1-Schlüssel können keine JOSE-Signaturen prüfen.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwk.cpp" line="444"/>
        <source>The JWKS</source>
        <translation>Das JWKS</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwk.cpp" line="457"/>
        <source>The JWKS member &quot;keys&quot; is not an array.</source>
        <translation>Das JWKS-Element „keys“ ist kein Array.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwk.cpp" line="461"/>
        <source>The JWKS holds %1 keys, more than %2.</source>
        <translation>Das JWKS enthält %1 Schlüssel, mehr als %2.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwk.cpp" line="465"/>
        <source>Skipped an entry of &quot;keys&quot; that is not an object.</source>
        <translation>Einen Eintrag von „keys“ übersprungen, der kein Objekt ist.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwk.cpp" line="472"/>
        <source>Skipped a key: %1</source>
        <translation>Einen Schlüssel übersprungen: %1</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwk.cpp" line="497"/>
        <source>the private JWK</source>
        <translation>das private JWK</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jwk.cpp" line="506"/>
        <source>Only RSA and EC private keys can be read from a JWK (this one is &quot;%1&quot;).</source>
        <translation>Aus einem JWK lassen sich nur private RSA- und EC-Schlüssel lesen (dieser ist „%1“).</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jws.cpp" line="60"/>
        <source>The JWS header</source>
        <translation>Der JWS-Header</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jws.cpp" line="69"/>
        <source>The token is unsigned (&quot;alg&quot;:&quot;none&quot;): it is never accepted as verified.</source>
        <translation>Das Token ist unsigniert („alg“:„none“): Es wird nie als geprüft akzeptiert.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jws.cpp" line="71"/>
        <source>The token claims &quot;%1&quot;, an HMAC with a shared secret: refused. ZITADEL signs with its public web keys, and checking an HMAC with a public key is a known forgery.</source>
        <translation>Das Token gibt „%1“ an, einen HMAC mit gemeinsamem Geheimnis: abgelehnt. ZITADEL signiert mit seinen öffentlichen Web-Keys, und einen HMAC mit einem öffentlichen Schlüssel zu prüfen ist eine bekannte Fälschungsmethode.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jws.cpp" line="74"/>
        <source>The signature algorithm &quot;%1&quot; is not supported.</source>
        <translation>Der Signaturalgorithmus „%1“ wird nicht unterstützt.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jws.cpp" line="122"/>
        <source>A JWS</source>
        <translation>Ein JWS</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jws.cpp" line="131"/>
        <source>The JWS payload</source>
        <translation>Die JWS-Payload</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jws.cpp" line="134"/>
        <source>The JWS signature</source>
        <translation>Die JWS-Signatur</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jws.cpp" line="172"/>
        <source>the key %1 is for %2, the token uses %3</source>
        <translation>der Schlüssel %1 ist für %2, das Token verwendet %3</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jws.cpp" line="174"/>
        <source>the key %1 is for &quot;%2&quot;, not signatures</source>
        <translation>der Schlüssel %1 ist für „%2“, nicht für Signaturen</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jws.cpp" line="181"/>
        <source>%1 needs an RSA key; the key %2 is %3</source>
        <translation>%1 braucht einen RSA-Schlüssel; der Schlüssel %2 ist %3</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jws.cpp" line="183"/>
        <source>the key %1 is %2: RSA keys shorter than %3 bits are refused</source>
        <translation>der Schlüssel %1 ist %2: RSA-Schlüssel kürzer als %3 Bit werden abgelehnt</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jws.cpp" line="189"/>
        <source>%1 needs an EC %2 key; the key %3 is %4</source>
        <translation>%1 braucht einen EC-%2-Schlüssel; der Schlüssel %3 ist %4</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jws.cpp" line="194"/>
        <source>EdDSA needs an OKP key; the key %1 is %2</source>
        <translation>EdDSA braucht einen OKP-Schlüssel; der Schlüssel %1 ist %2</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jws.cpp" line="226"/>
        <source>The JWKS holds no keys.</source>
        <translation>Das JWKS enthält keine Schlüssel.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jws.cpp" line="227"/>
        <source>The JWKS has no key with the kid &quot;%1&quot; (it has: %2).</source>
        <translation>Das JWKS hat keinen Schlüssel mit der kid „%1“ (es hat: %2).</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jws.cpp" line="228"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jws.cpp" line="251"/>
        <source>No key in the JWKS can verify %1: %2.</source>
        <translation>Kein Schlüssel im JWKS kann %1 prüfen: %2.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jws.cpp" line="255"/>
        <source>The %1 signature does not verify with any key of the JWKS.</source>
        <translation>Die %1-Signatur lässt sich mit keinem Schlüssel des JWKS prüfen.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jws.cpp" line="256"/>
        <source>The %1 signature does not verify with the key &quot;%2&quot;.</source>
        <translation>Die %1-Signatur lässt sich mit dem Schlüssel „%2“ nicht prüfen.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/jws.cpp" line="269"/>
        <source>Cannot sign %1 with %2.</source>
        <translation>Signieren von %1 mit %2 nicht möglich.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/opensslptr.cpp" line="49"/>
        <source>unknown OpenSSL error</source>
        <translation>unbekannter OpenSSL-Fehler</translation>
    </message>
    <message>
        <location filename="../lib/crypto/pemtext.cpp" line="39"/>
        <source>The PEM text is truncated: the line &quot;%1&quot; is missing. Copy the whole block.</source>
        <translation>Der PEM-Text ist abgeschnitten: Die Zeile „%1“ fehlt. Kopieren Sie den ganzen Block.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/pemtext.cpp" line="44"/>
        <source>The PEM text is damaged: the lines between BEGIN and END are not valid base64.</source>
        <translation>Der PEM-Text ist beschädigt: Die Zeilen zwischen BEGIN und END sind kein gültiges base64.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/pemtext.cpp" line="45"/>
        <source>The text is not PEM: no &quot;-----BEGIN ...-----&quot; line.</source>
        <translation>Der Text ist kein PEM: keine Zeile „-----BEGIN ...-----“.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/privatekey.cpp" line="59"/>
        <location filename="../lib/crypto/privatekey.cpp" line="196"/>
        <source>The private key is encrypted with a method this OpenSSL cannot decrypt.</source>
        <translation>Der private Schlüssel ist mit einem Verfahren verschlüsselt, das dieses OpenSSL nicht entschlüsseln kann.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/privatekey.cpp" line="61"/>
        <source>Wrong passphrase: it does not decrypt this private key.</source>
        <translation>Falsche Passphrase: Sie entschlüsselt diesen privaten Schlüssel nicht.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/privatekey.cpp" line="67"/>
        <source>This private key is encrypted: enter its passphrase.</source>
        <translation>Dieser private Schlüssel ist verschlüsselt: Geben Sie seine Passphrase ein.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/privatekey.cpp" line="73"/>
        <source>The &quot;%1&quot; block is damaged or truncated: its content is not a valid key.</source>
        <translation>Der Block „%1“ ist beschädigt oder abgeschnitten: Sein Inhalt ist kein gültiger Schlüssel.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/privatekey.cpp" line="99"/>
        <location filename="../lib/crypto/privatekey.cpp" line="184"/>
        <source>The private key uses an algorithm OpenSSL does not know.</source>
        <translation>Der private Schlüssel verwendet einen Algorithmus, den OpenSSL nicht kennt.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/privatekey.cpp" line="113"/>
        <source>The private key file asks for a key derivation of %1, above the cap of %2: refused before decrypting. Export the key again with a lower cost.</source>
        <translation>Die Datei mit dem privaten Schlüssel verlangt als Schlüsselableitung %1, über der Obergrenze von %2: vor dem Entschlüsseln abgelehnt. Exportieren Sie den Schlüssel erneut mit geringerem Aufwand.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/privatekey.cpp" line="132"/>
        <location filename="../lib/crypto/privatekey.cpp" line="133"/>
        <location filename="../lib/crypto/privatekey.cpp" line="146"/>
        <source>%1 iterations</source>
        <translation>%1 Iterationen</translation>
    </message>
    <message>
        <location filename="../lib/crypto/privatekey.cpp" line="145"/>
        <source>PBKDF2 with %1 iterations</source>
        <translation>PBKDF2 mit %1 Iterationen</translation>
    </message>
    <message>
        <location filename="../lib/crypto/privatekey.cpp" line="158"/>
        <source>scrypt N=%1 r=%2 p=%3</source>
        <translation>scrypt N=%1 r=%2 p=%3</translation>
    </message>
    <message>
        <location filename="../lib/crypto/privatekey.cpp" line="159"/>
        <source>N=%1, r×p=%2 and %3 MiB of memory</source>
        <translation>N=%1, r×p=%2 und %3 MiB Speicher</translation>
    </message>
    <message>
        <location filename="../lib/crypto/privatekey.cpp" line="222"/>
        <source>This is a public key or certificate (&quot;BEGIN %1&quot;), not a private key.</source>
        <translation>Dies ist ein öffentlicher Schlüssel oder ein Zertifikat („BEGIN %1“), kein privater Schlüssel.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/privatekey.cpp" line="227"/>
        <source>Not a private key: expected a PEM block such as &quot;-----BEGIN PRIVATE KEY-----&quot;.</source>
        <translation>Kein privater Schlüssel: Erwartet wird ein PEM-Block wie „-----BEGIN PRIVATE KEY-----“.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/privatekey.cpp" line="229"/>
        <source>Not a private key: found &quot;BEGIN %1&quot;.</source>
        <translation>Kein privater Schlüssel: „BEGIN %1“ gefunden.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/privatekey.cpp" line="263"/>
        <location filename="../lib/crypto/privatekey.cpp" line="268"/>
        <source>Key generation failed: %1</source>
        <translation>Schlüsselerzeugung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../lib/crypto/privatekey.cpp" line="275"/>
        <source>No private key: the input is empty.</source>
        <translation>Kein privater Schlüssel: Die Eingabe ist leer.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/privatekey.cpp" line="278"/>
        <source>The input is too large to be a private key (%1 bytes).</source>
        <translation>Die Eingabe ist zu groß für einen privaten Schlüssel (%1 Bytes).</translation>
    </message>
    <message>
        <location filename="../lib/crypto/privatekey.cpp" line="312"/>
        <source>OpenSSH private keys are not supported: convert it to PKCS#8 with &quot;ssh-keygen -p -m PKCS8 -f FILE&quot;.</source>
        <translation>Private OpenSSH-Schlüssel werden nicht unterstützt: Wandeln Sie ihn mit „ssh-keygen -p -m PKCS8 -f DATEI“ in PKCS#8 um.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/privatekey.cpp" line="316"/>
        <source>&quot;BEGIN %1&quot; keys cannot be used with ZITADEL: only RSA and EC keys.</source>
        <translation>„BEGIN %1“-Schlüssel können mit ZITADEL nicht verwendet werden: nur RSA- und EC-Schlüssel.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/privatekey.cpp" line="326"/>
        <source>%1 keys cannot be used with ZITADEL: it encrypts payloads only to RSA and EC keys.</source>
        <translation>%1-Schlüssel können mit ZITADEL nicht verwendet werden: Es verschlüsselt Payloads nur an RSA- und EC-Schlüssel.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/privatekey.cpp" line="382"/>
        <location filename="../lib/crypto/privatekey.cpp" line="393"/>
        <source>No key to export.</source>
        <translation>Kein Schlüssel zum Exportieren.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/privatekey.cpp" line="386"/>
        <location filename="../lib/crypto/privatekey.cpp" line="406"/>
        <location filename="../lib/crypto/privatekey.cpp" line="417"/>
        <source>Exporting the private key failed: %1</source>
        <translation>Export des privaten Schlüssels fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../lib/crypto/privatekey.cpp" line="396"/>
        <source>A passphrase is required to export an encrypted private key.</source>
        <translation>Zum Exportieren eines verschlüsselten privaten Schlüssels ist eine Passphrase nötig.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/privatekey.cpp" line="411"/>
        <source>Encrypting the private key failed: %1</source>
        <translation>Verschlüsseln des privaten Schlüssels fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../lib/crypto/publickeyimport.cpp" line="30"/>
        <source>This is a PRIVATE key — paste the public key; never share the private key.</source>
        <translation>Dies ist ein PRIVATER Schlüssel – fügen Sie den öffentlichen Schlüssel ein; geben Sie den privaten Schlüssel nie weiter.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/publickeyimport.cpp" line="35"/>
        <source>The &quot;BEGIN %1&quot; block is damaged or truncated: its content is not a valid key.</source>
        <translation>Der Block „BEGIN %1“ ist beschädigt oder abgeschnitten: Sein Inhalt ist kein gültiger Schlüssel.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/publickeyimport.cpp" line="93"/>
        <source>Took the public key out of the certificate: ZITADEL rejects certificates and accepts only a PKIX public key (&quot;BEGIN PUBLIC KEY&quot;).</source>
        <translation>Den öffentlichen Schlüssel aus dem Zertifikat entnommen: ZITADEL lehnt Zertifikate ab und akzeptiert nur einen öffentlichen PKIX-Schlüssel („BEGIN PUBLIC KEY“).</translation>
    </message>
    <message>
        <location filename="../lib/crypto/publickeyimport.cpp" line="95"/>
        <source>Took the public key out of the certificate &quot;%1&quot;: ZITADEL rejects certificates and accepts only a PKIX public key (&quot;BEGIN PUBLIC KEY&quot;).</source>
        <translation>Den öffentlichen Schlüssel aus dem Zertifikat „%1“ entnommen: ZITADEL lehnt Zertifikate ab und akzeptiert nur einen öffentlichen PKIX-Schlüssel („BEGIN PUBLIC KEY“).</translation>
    </message>
    <message>
        <location filename="../lib/crypto/publickeyimport.cpp" line="103"/>
        <source>Converted from PKCS#1 (&quot;BEGIN RSA PUBLIC KEY&quot;) to PKIX (&quot;BEGIN PUBLIC KEY&quot;): ZITADEL rejects the PKCS#1 form.</source>
        <translation>Von PKCS#1 („BEGIN RSA PUBLIC KEY“) in PKIX („BEGIN PUBLIC KEY“) umgewandelt: ZITADEL lehnt die PKCS#1-Form ab.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/publickeyimport.cpp" line="123"/>
        <source>The input holds only EC parameters, no key.</source>
        <translation>Die Eingabe enthält nur EC-Parameter, keinen Schlüssel.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/publickeyimport.cpp" line="127"/>
        <source>This is a certificate signing request, not a public key. Extract its key with &quot;openssl req -in FILE -noout -pubkey&quot;.</source>
        <translation>Dies ist eine Zertifikatsignierungsanforderung, kein öffentlicher Schlüssel. Entnehmen Sie ihren Schlüssel mit „openssl req -in DATEI -noout -pubkey“.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/publickeyimport.cpp" line="132"/>
        <source>This is an OpenPGP key: ZITADEL needs a PKIX public key (&quot;BEGIN PUBLIC KEY&quot;).</source>
        <translation>Dies ist ein OpenPGP-Schlüssel: ZITADEL braucht einen öffentlichen PKIX-Schlüssel („BEGIN PUBLIC KEY“).</translation>
    </message>
    <message>
        <location filename="../lib/crypto/publickeyimport.cpp" line="136"/>
        <source>Unsupported PEM block &quot;BEGIN %1&quot;: paste a public key (&quot;-----BEGIN PUBLIC KEY-----&quot;).</source>
        <translation>Nicht unterstützter PEM-Block „BEGIN %1“: Fügen Sie einen öffentlichen Schlüssel ein („-----BEGIN PUBLIC KEY-----“).</translation>
    </message>
    <message>
        <location filename="../lib/crypto/publickeyimport.cpp" line="176"/>
        <source>The input holds %1 certificates; the key of the first one was used.</source>
        <translation>Die Eingabe enthält %1 Zertifikate; der Schlüssel des ersten wurde verwendet.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/publickeyimport.cpp" line="191"/>
        <source>Read binary DER and converted it to PEM (&quot;BEGIN PUBLIC KEY&quot;): ZITADEL expects PEM text.</source>
        <translation>Binäres DER gelesen und in PEM („BEGIN PUBLIC KEY“) umgewandelt: ZITADEL erwartet PEM-Text.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/publickeyimport.cpp" line="202"/>
        <location filename="../lib/crypto/publickeyimport.cpp" line="292"/>
        <source>Not a public key: expected PEM text starting with &quot;-----BEGIN PUBLIC KEY-----&quot;.</source>
        <translation>Kein öffentlicher Schlüssel: Erwartet wird PEM-Text, der mit „-----BEGIN PUBLIC KEY-----“ beginnt.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/publickeyimport.cpp" line="225"/>
        <source>RSA keys shorter than %1 bits can be broken and are refused for encryption; use 3072 bits or more.</source>
        <translation>RSA-Schlüssel kürzer als %1 Bit können gebrochen werden und werden für die Verschlüsselung abgelehnt; verwenden Sie 3072 Bit oder mehr.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/publickeyimport.cpp" line="231"/>
        <source>EC keys with explicit curve parameters are not accepted: use a named curve (P-256, P-384 or P-521).</source>
        <translation>EC-Schlüssel mit expliziten Kurvenparametern werden nicht akzeptiert: Verwenden Sie eine benannte Kurve (P-256, P-384 oder P-521).</translation>
    </message>
    <message>
        <location filename="../lib/crypto/publickeyimport.cpp" line="235"/>
        <source>The curve %1 cannot be used for encryption: ZITADEL encrypts payloads only to P-256, P-384 or P-521 keys (and may refuse this one).</source>
        <translation>Die Kurve %1 kann nicht zum Verschlüsseln verwendet werden: ZITADEL verschlüsselt Payloads nur an P-256-, P-384- oder P-521-Schlüssel (und lehnt diesen womöglich ab).</translation>
    </message>
    <message>
        <location filename="../lib/crypto/publickeyimport.cpp" line="239"/>
        <source>RSA-PSS-only keys are not accepted by ZITADEL: use a plain RSA key.</source>
        <translation>Reine RSA-PSS-Schlüssel akzeptiert ZITADEL nicht: Verwenden Sie einen gewöhnlichen RSA-Schlüssel.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/publickeyimport.cpp" line="241"/>
        <source>%1 keys are not accepted by ZITADEL: it accepts only RSA and EC public keys.</source>
        <translation>%1-Schlüssel akzeptiert ZITADEL nicht: Es akzeptiert nur öffentliche RSA- und EC-Schlüssel.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/publickeyimport.cpp" line="248"/>
        <source>Could not encode the public key: %1</source>
        <translation>Der öffentliche Schlüssel konnte nicht kodiert werden: %1</translation>
    </message>
    <message>
        <location filename="../lib/crypto/publickeyimport.cpp" line="250"/>
        <source>The public key is too large: %1 bytes of PEM, ZITADEL accepts at most %2.</source>
        <translation>Der öffentliche Schlüssel ist zu groß: %1 Bytes PEM, ZITADEL akzeptiert höchstens %2.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/publickeyimport.cpp" line="263"/>
        <source>The input is empty: paste a public key (&quot;-----BEGIN PUBLIC KEY-----&quot;).</source>
        <translation>Die Eingabe ist leer: Fügen Sie einen öffentlichen Schlüssel ein („-----BEGIN PUBLIC KEY-----“).</translation>
    </message>
    <message>
        <location filename="../lib/crypto/publickeyimport.cpp" line="265"/>
        <source>The input is too large to be a public key (%1 bytes; ZITADEL accepts at most %2 bytes of PEM).</source>
        <translation>Die Eingabe ist zu groß für einen öffentlichen Schlüssel (%1 Bytes; ZITADEL akzeptiert höchstens %2 Bytes PEM).</translation>
    </message>
    <message>
        <location filename="../lib/crypto/publickeyimport.cpp" line="280"/>
        <source>This is an SSH public key: ZITADEL needs PKIX PEM. Convert it with &quot;ssh-keygen -e -m PKCS8 -f FILE&quot;.</source>
        <translation>Dies ist ein öffentlicher SSH-Schlüssel: ZITADEL braucht PKIX-PEM. Wandeln Sie ihn mit „ssh-keygen -e -m PKCS8 -f DATEI“ um.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/publickeyimport.cpp" line="296"/>
        <source>Decoded base64 text (as in ZITADEL&apos;s JSON) to PEM.</source>
        <translation>base64-Text (wie in ZITADELs JSON) in PEM dekodiert.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/publickeyimport.cpp" line="301"/>
        <source>Read base64 text without PEM lines.</source>
        <translation>base64-Text ohne PEM-Zeilen gelesen.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/webhooksignature.cpp" line="42"/>
        <source>The ZITADEL-Signature header is too long (%1 bytes).</source>
        <translation>Der ZITADEL-Signature-Header ist zu lang (%1 Bytes).</translation>
    </message>
    <message>
        <location filename="../lib/crypto/webhooksignature.cpp" line="52"/>
        <source>The ZITADEL-Signature header is invalid: part %1 (&quot;%2&quot;) is not key=value, and ZITADEL&apos;s verifier refuses the whole header for that.</source>
        <translation>Der ZITADEL-Signature-Header ist ungültig: Teil %1 („%2“) ist nicht schlüssel=wert, und ZITADELs Prüfung lehnt deshalb den ganzen Header ab.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/webhooksignature.cpp" line="60"/>
        <source>The ZITADEL-Signature header has no valid timestamp &quot;t=&lt;unix seconds&gt;&quot;.</source>
        <translation>Der ZITADEL-Signature-Header hat keinen gültigen Zeitstempel „t=&lt;Unix-Sekunden&gt;“.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/webhooksignature.cpp" line="73"/>
        <source>The ZITADEL-Signature header has no timestamp &quot;t=&lt;unix seconds&gt;&quot;.</source>
        <translation>Der ZITADEL-Signature-Header hat keinen Zeitstempel „t=&lt;Unix-Sekunden&gt;“.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/webhooksignature.cpp" line="76"/>
        <source>The ZITADEL-Signature header has no v1 signature of 64 hex digits.</source>
        <translation>Der ZITADEL-Signature-Header hat keine v1-Signatur aus 64 Hex-Ziffern.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/webhooksignature.cpp" line="77"/>
        <source>The ZITADEL-Signature header has no &quot;v1=&quot; signature.</source>
        <translation>Der ZITADEL-Signature-Header hat keine „v1=“-Signatur.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/webhooksignature.cpp" line="93"/>
        <source>The webhook signature matches, but it was made %1: older than the tolerance of %2 s, so ZITADEL&apos;s verifier refuses it (a replay?).</source>
        <translation>Die Webhook-Signatur stimmt, wurde aber %1 erstellt: älter als die Toleranz von %2 s, daher lehnt ZITADELs Prüfung sie ab (eine Wiederholung?).</translation>
    </message>
    <message>
        <location filename="../lib/crypto/webhooksignature.cpp" line="95"/>
        <source>The webhook signature was made %1: older than the tolerance of %2 s, so ZITADEL&apos;s verifier refuses it; no v1 matches either.</source>
        <translation>Die Webhook-Signatur wurde %1 erstellt: älter als die Toleranz von %2 s, daher lehnt ZITADELs Prüfung sie ab; auch passt kein v1.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/webhooksignature.cpp" line="101"/>
        <source>The webhook signature is invalid: no v1 matches the body with this signing key (signed %1).</source>
        <translation>Die Webhook-Signatur ist ungültig: Keine v1 passt mit diesem Signaturschlüssel zum Inhalt (signiert %1).</translation>
    </message>
    <message>
        <location filename="../lib/crypto/webhooksignature.cpp" line="106"/>
        <source>The webhook signature is valid (signed %1).</source>
        <translation>Die Webhook-Signatur ist gültig (signiert %1).</translation>
    </message>
    <message>
        <location filename="../lib/crypto/webhooksignature.cpp" line="108"/>
        <source>Note: its timestamp lies in the future (the sender&apos;s clock is ahead?); ZITADEL&apos;s verifier accepts that.</source>
        <translation>Hinweis: Der Zeitstempel der Signatur liegt in der Zukunft (geht die Uhr des Absenders vor?); ZITADELs Prüfung akzeptiert das.</translation>
    </message>
    <message>
        <location filename="../lib/crypto/webhooksignature.cpp" line="126"/>
        <source>%1 d %2 h</source>
        <translation>%1 T %2 h</translation>
    </message>
    <message>
        <location filename="../lib/crypto/webhooksignature.cpp" line="128"/>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <location filename="../lib/crypto/webhooksignature.cpp" line="130"/>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <location filename="../lib/crypto/webhooksignature.cpp" line="132"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../lib/crypto/webhooksignature.cpp" line="134"/>
        <source>%1 in the future</source>
        <translation>in %1</translation>
    </message>
    <message>
        <location filename="../lib/crypto/webhooksignature.cpp" line="134"/>
        <source>%1 ago</source>
        <translation>vor %1</translation>
    </message>
</context>
<context>
    <name>targetdesk::delivery</name>
    <message>
        <location filename="../lib/delivery/deliveryrequest.cpp" line="31"/>
        <source>line %1, column %2</source>
        <translation>Zeile %1, Spalte %2</translation>
    </message>
    <message>
        <location filename="../lib/delivery/deliveryrequest.cpp" line="75"/>
        <source>The target has no endpoint to send to.</source>
        <translation>Das Ziel hat keinen Endpunkt, an den gesendet werden kann.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/deliveryrequest.cpp" line="78"/>
        <source>The target&apos;s endpoint &quot;%1&quot; is not a URL with a host.</source>
        <translation>Der Endpunkt „%1“ des Ziels ist keine URL mit Host.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/deliveryrequest.cpp" line="81"/>
        <source>The target&apos;s endpoint &quot;%1&quot; is not an http or https URL.</source>
        <translation>Der Endpunkt „%1“ des Ziels ist keine http- oder https-URL.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/deliveryrequest.cpp" line="90"/>
        <source>The body is not valid JSON: %1 at %2.</source>
        <translation>Der Inhalt ist kein gültiges JSON: %1 bei %2.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/deliveryrequest.cpp" line="94"/>
        <source>The body must be a JSON object ({...}): ZITADEL always sends an object.</source>
        <translation>Der Inhalt muss ein JSON-Objekt ({...}) sein: ZITADEL sendet immer ein Objekt.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/deliveryrequest.cpp" line="108"/>
        <source>A %1 target gets a JWT signed with the instance&apos;s web key, and no signing key was given (no active web key: ZITADEL sends nothing either).</source>
        <translation>Ein %1-Ziel erhält ein JWT, das mit dem Web-Schlüssel der Instanz signiert ist, und es wurde kein Signaturschlüssel angegeben (ohne aktiven Web-Schlüssel sendet auch ZITADEL nichts).</translation>
    </message>
    <message>
        <location filename="../lib/delivery/deliveryrequest.cpp" line="114"/>
        <source>The JWE target has no usable active public key: ZITADEL sends nothing to it until one is added and activated.</source>
        <translation>Das JWE-Ziel hat keinen verwendbaren aktiven öffentlichen Schlüssel: ZITADEL sendet ihm nichts, bis einer hinzugefügt und aktiviert ist.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/deliveryrequest.cpp" line="119"/>
        <source>Public key %1 is not active: ZITADEL encrypts only to the active key.</source>
        <translation>Der öffentliche Schlüssel %1 ist nicht aktiv: ZITADEL verschlüsselt nur mit dem aktiven Schlüssel.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/deliveryrequest.cpp" line="122"/>
        <source>Public key %1 expired on %2: ZITADEL does not use an expired key and sends nothing.</source>
        <translation>Der öffentliche Schlüssel %1 ist am %2 abgelaufen: ZITADEL verwendet keinen abgelaufenen Schlüssel und sendet nichts.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/deliveryrequest.cpp" line="130"/>
        <source>Could not sign the JWT: %1</source>
        <translation>Das JWT konnte nicht signiert werden: %1</translation>
    </message>
    <message>
        <location filename="../lib/delivery/deliveryrequest.cpp" line="140"/>
        <source>Public key %1 cannot encrypt the payload: %2</source>
        <translation>Mit dem öffentlichen Schlüssel %1 lässt sich die Payload nicht verschlüsseln: %2</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="66"/>
        <source>The API call is refused before it runs (%1).</source>
        <translation>Der API-Aufruf wird abgelehnt, bevor er ausgeführt wird (%1).</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="68"/>
        <source>The API call has run, but the caller gets an error instead of the answer (%1).</source>
        <translation>Der API-Aufruf wurde ausgeführt, aber der Aufrufer erhält statt der Antwort einen Fehler (%1).</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="72"/>
        <source>The SAML login fails: no SAML response is issued (%1).</source>
        <translation>Die SAML-Anmeldung schlägt fehl: Es wird keine SAML-Antwort ausgestellt (%1).</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="74"/>
        <source>The userinfo / ID token request fails, so the login fails (%1).</source>
        <translation>Die Userinfo- bzw. ID-Token-Anfrage schlägt fehl, also schlägt die Anmeldung fehl (%1).</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="75"/>
        <source>The token request fails, so the login fails (%1).</source>
        <translation>Die Token-Anfrage schlägt fehl, also schlägt die Anmeldung fehl (%1).</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="77"/>
        <source>Nobody: the event is already stored; ZITADEL logs the failure and does not retry.</source>
        <translation>Niemand: Das Ereignis ist bereits gespeichert; ZITADEL protokolliert den Fehler und versucht es nicht erneut.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="141"/>
        <source>&quot;%1&quot; is not a field of the message</source>
        <translation>„%1“ ist kein Feld der Nachricht</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="147"/>
        <source>&quot;%1&quot; has the wrong JSON type</source>
        <translation>„%1“ hat den falschen JSON-Typ</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="169"/>
        <source>&quot;%1&quot; is not part of a %2 answer: ZITADEL ignores it.</source>
        <translation>„%1“ gehört nicht zu einer %2-Antwort: ZITADEL ignoriert es.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="177"/>
        <source>&quot;%1&quot; must be an array</source>
        <translation>„%1“ muss ein Array sein</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="189"/>
        <location filename="../lib/delivery/judgement.cpp" line="231"/>
        <source>%1 must be an object {key, value}</source>
        <translation>%1 muss ein Objekt {key, value} sein</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="192"/>
        <source>%1.key must be a non-empty string</source>
        <translation>%1.key muss ein nicht leerer String sein</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="199"/>
        <source>%1.value must be base64 (metadata values are bytes)</source>
        <translation>%1.value muss base64 sein (Metadatenwerte sind Bytes)</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="211"/>
        <source>%1 must be an object {name, name_format, value}</source>
        <translation>%1 muss ein Objekt {name, name_format, value} sein</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="213"/>
        <source>%1.name must be a string</source>
        <translation>%1.name muss ein String sein</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="216"/>
        <location filename="../lib/delivery/judgement.cpp" line="219"/>
        <source>%1.value must be an array of strings</source>
        <translation>%1.value muss ein Array von Strings sein</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="234"/>
        <source>%1.key must be a string</source>
        <translation>%1.key muss ein String sein</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="237"/>
        <source>Claim &quot;%1&quot; is dropped: ZITADEL reserves claims under urn:zitadel:iam.</source>
        <translation>Der Claim „%1“ wird verworfen: ZITADEL reserviert Claims unter urn:zitadel:iam.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="245"/>
        <source>append_log_claims[%1] must be a string</source>
        <translation>append_log_claims[%1] muss ein String sein</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="304"/>
        <source>The JWT was signed with Targetdesk&apos;s local test key (kid %1), not an instance key: a receiver that checks the instance&apos;s JWKS refuses it.</source>
        <translation>Das JWT wurde mit dem lokalen Testschlüssel von Targetdesk signiert (kid %1), nicht mit einem Schlüssel der Instanz: Ein Empfänger, der das JWKS der Instanz prüft, lehnt es ab.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="310"/>
        <source>ZITADEL defect #11985: JWT and JWE targets never fire for event executions, so a real instance sends this target nothing.</source>
        <translation>ZITADEL-Defekt #11985: JWT- und JWE-Ziele werden bei Ereignis-Ausführungen nie ausgelöst, eine echte Instanz sendet diesem Ziel also nichts.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="314"/>
        <source>An async target runs detached: ZITADEL does not wait for it, only logs a failure, and never fails the call because of it.</source>
        <translation>Ein Async-Ziel läuft losgelöst: ZITADEL wartet nicht darauf, protokolliert nur einen Fehler und lässt den Aufruf deswegen nie fehlschlagen.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="325"/>
        <source>The target answered HTTP %1, but the answer was too large.</source>
        <translation>Das Ziel antwortete mit HTTP %1, aber die Antwort war zu groß.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="326"/>
        <source>ZITADEL gets no usable answer: %1</source>
        <translation>ZITADEL erhält keine verwendbare Antwort: %1</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="330"/>
        <source>The target answered HTTP %1; any status outside 2xx fails the call.</source>
        <translation>Das Ziel antwortete mit HTTP %1; jeder Status außerhalb von 2xx lässt den Aufruf fehlschlagen.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="334"/>
        <source>The target answered HTTP %1; ZITADEL ignores what an event target answers.</source>
        <translation>Das Ziel antwortete mit HTTP %1; ZITADEL ignoriert, was ein Ereignis-Ziel antwortet.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="354"/>
        <source>The answer forwards status %1: ZITADEL fails the call with %2.</source>
        <translation>Die Antwort leitet den Status %1 weiter: ZITADEL lässt den Aufruf mit %2 fehlschlagen.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="357"/>
        <source>The answer forwards an error message: ZITADEL fails the call with it.</source>
        <translation>Die Antwort leitet eine Fehlermeldung weiter: ZITADEL lässt den Aufruf damit fehlschlagen.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="361"/>
        <source>The target answered HTTP %1; a %2 target&apos;s answer body is ignored.</source>
        <translation>Das Ziel antwortete mit HTTP %1; der Inhalt der Antwort eines %2-Ziels wird ignoriert.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="366"/>
        <source>the answer is empty</source>
        <translation>die Antwort ist leer</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="368"/>
        <source>the answer is not JSON (%1)</source>
        <translation>die Antwort ist kein JSON (%1)</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="369"/>
        <source>the answer is JSON but not an object</source>
        <translation>die Antwort ist JSON, aber kein Objekt</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="371"/>
        <source>A restCall answer must be a JSON object ZITADEL can use, and %1.</source>
        <translation>Eine restCall-Antwort muss ein JSON-Objekt sein, das ZITADEL verwenden kann, und %1.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="377"/>
        <source>The answer cannot be read as a %1 answer: %2.</source>
        <translation>Die Antwort lässt sich nicht als %1-Antwort lesen: %2.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="382"/>
        <source>The answer is a valid %1 answer.</source>
        <translation>Die Antwort ist eine gültige %1-Antwort.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="399"/>
        <source>The answer must be the %1 message that replaces the one sent, and %2 (Targetdesk can only check against the fields it sent and those it knows of this method).</source>
        <translation>Die Antwort muss die %1-Nachricht sein, die die gesendete ersetzt, und %2 (Targetdesk kann nur mit den gesendeten Feldern und den bekannten Feldern dieser Methode vergleichen).</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="406"/>
        <source>The answer replaces the %1 message.</source>
        <translation>Die Antwort ersetzt die %1-Nachricht.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="408"/>
        <source>The answer is an empty object: the %1 is replaced with an empty message.</source>
        <translation>Die Antwort ist ein leeres Objekt: %1 wird durch eine leere Nachricht ersetzt.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="420"/>
        <source>The API call runs with the message the target answered.</source>
        <translation>Der API-Aufruf läuft mit der Nachricht, die das Ziel geantwortet hat.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="421"/>
        <source>The API call runs as sent.</source>
        <translation>Der API-Aufruf läuft wie gesendet.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="425"/>
        <source>The caller gets the answer the target returned.</source>
        <translation>Der Aufrufer erhält die Antwort, die das Ziel zurückgegeben hat.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="426"/>
        <source>The caller gets ZITADEL&apos;s answer unchanged.</source>
        <translation>Der Aufrufer erhält die Antwort von ZITADEL unverändert.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="429"/>
        <source>Nothing: events are delivered after they are stored.</source>
        <translation>Nichts: Ereignisse werden zugestellt, nachdem sie gespeichert wurden.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="433"/>
        <source>The login goes on with the target&apos;s additions.</source>
        <translation>Die Anmeldung läuft mit den Ergänzungen des Ziels weiter.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="434"/>
        <source>The login goes on unchanged.</source>
        <translation>Die Anmeldung läuft unverändert weiter.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="442"/>
        <source>Nothing: ZITADEL only logs that the async target failed.</source>
        <translation>Nichts: ZITADEL protokolliert nur, dass das Async-Ziel fehlgeschlagen ist.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/judgement.cpp" line="446"/>
        <source>Nothing: the target does not interrupt on error, so ZITADEL logs the failure and goes on (%1 execution).</source>
        <translation>Nichts: Das Ziel unterbricht bei Fehlern nicht, also protokolliert ZITADEL den Fehler und macht weiter (%1-Ausführung).</translation>
    </message>
    <message>
        <location filename="../lib/delivery/sender.cpp" line="35"/>
        <source>Stopped after %1 redirects: ZITADEL follows at most %1.</source>
        <translation>Nach %1 Weiterleitungen abgebrochen: ZITADEL folgt höchstens %1.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/sender.cpp" line="38"/>
        <source>Refused a redirect to &quot;%1&quot;: not an http or https URL.</source>
        <translation>Weiterleitung nach „%1“ abgelehnt: keine http- oder https-URL.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/sender.cpp" line="40"/>
        <source>Refused a redirect from https to http (%1): ZITADEL never downgrades.</source>
        <translation>Weiterleitung von https nach http abgelehnt (%1): ZITADEL stuft nie herab.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/sender.cpp" line="103"/>
        <source>No complete answer within the target&apos;s timeout of %1 s.</source>
        <translation>Keine vollständige Antwort innerhalb des Zeitlimits des Ziels von %1 s.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/sender.cpp" line="143"/>
        <source>The answer is larger than %1 bytes; reading stopped there (ZITADEL reads at most 20 MiB).</source>
        <translation>Die Antwort ist größer als %1 Bytes; das Lesen wurde dort beendet (ZITADEL liest höchstens 20 MiB).</translation>
    </message>
    <message>
        <location filename="../lib/delivery/sender.cpp" line="214"/>
        <source>The answer is larger than %1 bytes; reading stopped there.</source>
        <translation>Die Antwort ist größer als %1 Bytes; das Lesen wurde dort beendet.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/testdelivery.cpp" line="32"/>
        <source>The target has no active public key: ZITADEL sends nothing to a JWE target until one is added and activated.</source>
        <translation>Das Ziel hat keinen aktiven öffentlichen Schlüssel: ZITADEL sendet einem JWE-Ziel nichts, bis einer hinzugefügt und aktiviert ist.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/testdelivery.cpp" line="36"/>
        <source>The target&apos;s active public key %1 expired on %2: ZITADEL does not use it and sends nothing.</source>
        <translation>Der aktive öffentliche Schlüssel %1 des Ziels ist am %2 abgelaufen: ZITADEL verwendet ihn nicht und sendet nichts.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/testdelivery.cpp" line="63"/>
        <source>No connection to load target %1 from.</source>
        <translation>Keine Verbindung, um das Ziel %1 zu laden.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/testdelivery.cpp" line="70"/>
        <source>Could not load target %1: %2</source>
        <translation>Das Ziel %1 konnte nicht geladen werden: %2</translation>
    </message>
    <message>
        <location filename="../lib/delivery/testdelivery.cpp" line="101"/>
        <source>No connection to load the public keys of target %1 from.</source>
        <translation>Keine Verbindung, um die öffentlichen Schlüssel des Ziels %1 zu laden.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/testdelivery.cpp" line="111"/>
        <source>Could not list the public keys of target %1: %2</source>
        <translation>Die öffentlichen Schlüssel des Ziels %1 konnten nicht aufgelistet werden: %2</translation>
    </message>
</context>
<context>
    <name>targetdesk::delivery::Receiver</name>
    <message>
        <location filename="../lib/delivery/receiver.cpp" line="215"/>
        <source>The client sent nothing for %1 s in the middle of a request.</source>
        <translation>Der Client hat mitten in einer Anfrage %1 s lang nichts gesendet.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/receiver.cpp" line="299"/>
        <location filename="../lib/delivery/receiver.cpp" line="303"/>
        <source>The request line and headers are larger than %1 KiB.</source>
        <translation>Anfragezeile und Header sind größer als %1 KiB.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/receiver.cpp" line="324"/>
        <location filename="../lib/delivery/receiver.cpp" line="342"/>
        <source>The request line &quot;%1&quot; is not METHOD PATH HTTP/1.1.</source>
        <translation>Die Anfragezeile „%1“ hat nicht die Form METHODE PFAD HTTP/1.1.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/receiver.cpp" line="339"/>
        <source>HTTP version %1 is not supported; send HTTP/1.1.</source>
        <translation>Die HTTP-Version %1 wird nicht unterstützt; senden Sie HTTP/1.1.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/receiver.cpp" line="356"/>
        <source>Header line %1 is folded (starts with a blank); folding is not allowed.</source>
        <translation>Die Headerzeile %1 ist gefaltet (beginnt mit einem Leerzeichen); Faltung ist nicht erlaubt.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/receiver.cpp" line="362"/>
        <source>Header line %1 is not NAME: VALUE: &quot;%2&quot;.</source>
        <translation>Die Headerzeile %1 hat nicht die Form NAME: WERT: „%2“.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/receiver.cpp" line="371"/>
        <source>The value of header %1 contains control characters.</source>
        <translation>Der Wert des Headers %1 enthält Steuerzeichen.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/receiver.cpp" line="399"/>
        <source>An HTTP/1.1 request needs a Host header.</source>
        <translation>Eine HTTP/1.1-Anfrage braucht einen Host-Header.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/receiver.cpp" line="400"/>
        <source>The request has more than one Host header.</source>
        <translation>Die Anfrage hat mehr als einen Host-Header.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/receiver.cpp" line="405"/>
        <source>Method %1 is not accepted; deliveries are POST requests.</source>
        <translation>Die Methode %1 wird nicht angenommen; Zustellungen sind POST-Anfragen.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/receiver.cpp" line="415"/>
        <source>The request has both Content-Length and Transfer-Encoding.</source>
        <translation>Die Anfrage hat sowohl Content-Length als auch Transfer-Encoding.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/receiver.cpp" line="419"/>
        <source>Transfer-Encoding &quot;%1&quot; is not supported; send chunked or a Content-Length.</source>
        <translation>Transfer-Encoding „%1“ wird nicht unterstützt; senden Sie chunked oder eine Content-Length.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/receiver.cpp" line="426"/>
        <source>A POST request needs a Content-Length header (or Transfer-Encoding: chunked).</source>
        <translation>Eine POST-Anfrage braucht einen Content-Length-Header (oder Transfer-Encoding: chunked).</translation>
    </message>
    <message>
        <location filename="../lib/delivery/receiver.cpp" line="435"/>
        <source>The Content-Length &quot;%1&quot; is not a number of bytes.</source>
        <translation>Die Content-Length „%1“ ist keine Anzahl Bytes.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/receiver.cpp" line="441"/>
        <source>The body of %1 bytes is larger than the %2 bytes accepted.</source>
        <translation>Der Inhalt ist mit %1 Bytes größer als die angenommenen %2 Bytes.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/receiver.cpp" line="450"/>
        <source>Expect: %1 is not supported.</source>
        <translation>Expect: %1 wird nicht unterstützt.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/receiver.cpp" line="481"/>
        <location filename="../lib/delivery/receiver.cpp" line="485"/>
        <source>A chunk-size line is longer than %1 bytes.</source>
        <translation>Eine Zeile mit einer Chunk-Größe ist länger als %1 Bytes.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/receiver.cpp" line="496"/>
        <source>&quot;%1&quot; is not a chunk size (hexadecimal).</source>
        <translation>„%1“ ist keine Chunk-Größe (hexadezimal).</translation>
    </message>
    <message>
        <location filename="../lib/delivery/receiver.cpp" line="507"/>
        <source>The chunked body is larger than the %1 bytes accepted.</source>
        <translation>Der gestückelte Inhalt ist größer als die angenommenen %1 Bytes.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/receiver.cpp" line="538"/>
        <source>A chunk is longer than its size says.</source>
        <translation>Ein Chunk ist länger als seine Größenangabe.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/receiver.cpp" line="553"/>
        <location filename="../lib/delivery/receiver.cpp" line="558"/>
        <source>The trailer fields are larger than %1 KiB.</source>
        <translation>Die Trailer-Felder sind größer als %1 KiB.</translation>
    </message>
    <message>
        <location filename="../lib/delivery/receiver.cpp" line="691"/>
        <source>503 Service Unavailable: more than %1 connections at once.</source>
        <translation>503 Service Unavailable: mehr als %1 Verbindungen gleichzeitig.</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::AddKeyForm</name>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="50"/>
        <source>Add a key</source>
        <translation>Schlüssel hinzufügen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="52"/>
        <source>How to add a key</source>
        <translation>Wie ein Schlüssel hinzugefügt wird</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="53"/>
        <source>&amp;Generate</source>
        <translation>&amp;Erzeugen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="54"/>
        <source>&amp;Paste PEM</source>
        <translation>PEM &amp;einfügen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="57"/>
        <source>Working</source>
        <translation>In Arbeit</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="79"/>
        <source>Key type</source>
        <translation>Schlüsseltyp</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="81"/>
        <source>%1 (recommended)</source>
        <translation>%1 (empfohlen)</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="86"/>
        <source>EC P-256 is generated instantly and is as strong as RSA 3072. Pick RSA when the receiver only decrypts RSA-OAEP-256; RSA 4096 takes a few seconds to generate.</source>
        <translation>EC P-256 wird sofort erzeugt und ist so stark wie RSA 3072. Wählen Sie RSA, wenn der Empfänger nur RSA-OAEP-256 entschlüsselt; RSA 4096 braucht einige Sekunden zum Erzeugen.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="89"/>
        <location filename="../app/gui/keys/addkeyform.cpp" line="156"/>
        <source>Expires on</source>
        <translation>Läuft ab am</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="91"/>
        <location filename="../app/gui/keys/addkeyform.cpp" line="158"/>
        <source>Set an expiration</source>
        <translation>Ablaufdatum setzen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="92"/>
        <location filename="../app/gui/keys/addkeyform.cpp" line="159"/>
        <source>Expiration</source>
        <translation>Ablaufdatum</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="98"/>
        <source>Activate right away (rotate)</source>
        <translation>Sofort aktivieren (rotieren)</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="100"/>
        <location filename="../app/gui/keys/addkeyform.cpp" line="161"/>
        <location filename="../app/gui/keys/addkeyform.cpp" line="163"/>
        <source>Activate right away</source>
        <translation>Sofort aktivieren</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="107"/>
        <source>Generate and Add</source>
        <translation>Erzeugen und hinzufügen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="109"/>
        <source>Generate and add a key</source>
        <translation>Einen Schlüssel erzeugen und hinzufügen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="119"/>
        <source>&amp;Type:</source>
        <translation>&amp;Typ:</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="138"/>
        <source>Public key in PEM</source>
        <translation>Öffentlicher Schlüssel in PEM</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="139"/>
        <source>Paste or drop a public key: -----BEGIN PUBLIC KEY----- …
PKCS#1 RSA keys and certificates are converted.</source>
        <translation>Einen öffentlichen Schlüssel einfügen oder ablegen: -----BEGIN PUBLIC KEY----- …
PKCS#1-RSA-Schlüssel und Zertifikate werden umgewandelt.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="165"/>
        <source>Add Public Key</source>
        <translation>Öffentlichen Schlüssel hinzufügen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="167"/>
        <source>Add the pasted public key</source>
        <translation>Den eingefügten öffentlichen Schlüssel hinzufügen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="233"/>
        <source>The new key is added inactive; activate it once the receiver can decrypt with it.</source>
        <translation>Der neue Schlüssel wird inaktiv hinzugefügt; aktivieren Sie ihn, sobald der Empfänger damit entschlüsseln kann.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="236"/>
        <source>The new key becomes the target&apos;s active key.</source>
        <translation>Der neue Schlüssel wird der aktive Schlüssel des Ziels.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="238"/>
        <source>Rotation: the new key becomes active and key %1 is deactivated in the same step. Key %1 stays (inactive) until you remove it, and the vault keeps both private keys.</source>
        <translation>Rotation: Der neue Schlüssel wird aktiv und Schlüssel %1 wird im selben Schritt deaktiviert. Schlüssel %1 bleibt (inaktiv), bis Sie ihn entfernen, und der Tresor behält beide privaten Schlüssel.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="273"/>
        <source>Cannot read %1 as a public key file.</source>
        <translation>%1 kann nicht als Datei mit öffentlichem Schlüssel gelesen werden.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="289"/>
        <source>Accepted: PKIX &quot;BEGIN PUBLIC KEY&quot; (RSA, EC P-256/384/521). PKCS#1 RSA keys, certificates, DER and base64 are converted with a note.</source>
        <translation>Akzeptiert: PKIX „BEGIN PUBLIC KEY“ (RSA, EC P-256/384/521). PKCS#1-RSA-Schlüssel, Zertifikate, DER und base64 werden mit einem Hinweis umgewandelt.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="300"/>
        <source>Not accepted: %1</source>
        <translation>Nicht akzeptiert: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="303"/>
        <source>The private key was cleared from the field: it never leaves this machine. Paste the public key.</source>
        <translation>Der private Schlüssel wurde aus dem Feld gelöscht: Er verlässt diesen Rechner nie. Fügen Sie den öffentlichen Schlüssel ein.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="312"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="314"/>
        <source>Note: %1</source>
        <translation>Hinweis: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="316"/>
        <source>Warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/addkeyform.cpp" line="318"/>
        <source>Warning: ZITADEL cannot encrypt payloads to this key.</source>
        <translation>Warnung: ZITADEL kann keine Payloads an diesen Schlüssel verschlüsseln.</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::AuditLogModel</name>
    <message>
        <location filename="../app/gui/keys/auditlogmodel.cpp" line="46"/>
        <source>Generate</source>
        <translation>Erzeugen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/auditlogmodel.cpp" line="48"/>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/auditlogmodel.cpp" line="50"/>
        <source>Activate</source>
        <translation>Aktivieren</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/auditlogmodel.cpp" line="52"/>
        <source>Deactivate</source>
        <translation>Deaktivieren</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/auditlogmodel.cpp" line="54"/>
        <source>Break-glass deactivate</source>
        <translation>Notfall-Deaktivierung</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/auditlogmodel.cpp" line="56"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/auditlogmodel.cpp" line="58"/>
        <source>Export private key</source>
        <translation>Privaten Schlüssel exportieren</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/auditlogmodel.cpp" line="60"/>
        <source>Import private key</source>
        <translation>Privaten Schlüssel importieren</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/auditlogmodel.cpp" line="62"/>
        <source>Vault: store</source>
        <translation>Tresor: speichern</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/auditlogmodel.cpp" line="64"/>
        <source>Vault: bind</source>
        <translation>Tresor: zuordnen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/auditlogmodel.cpp" line="66"/>
        <source>Vault: delete</source>
        <translation>Tresor: löschen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/auditlogmodel.cpp" line="92"/>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/auditlogmodel.cpp" line="93"/>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/auditlogmodel.cpp" line="114"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/auditlogmodel.cpp" line="116"/>
        <source>Operation</source>
        <translation>Vorgang</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/auditlogmodel.cpp" line="118"/>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/auditlogmodel.cpp" line="120"/>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/auditlogmodel.cpp" line="122"/>
        <source>Key ID</source>
        <translation>Schlüssel-ID</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/auditlogmodel.cpp" line="124"/>
        <source>Fingerprint</source>
        <translation>Fingerabdruck</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/auditlogmodel.cpp" line="126"/>
        <source>Instance</source>
        <translation>Instanz</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/auditlogmodel.cpp" line="128"/>
        <source>Detail</source>
        <translation>Einzelheiten</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::AuditLogView</name>
    <message>
        <location filename="../app/gui/keys/auditlogview.cpp" line="26"/>
        <source>Audit log</source>
        <translation>Audit-Log</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/auditlogview.cpp" line="27"/>
        <source>Audit Log of Key Operations</source>
        <translation>Audit-Log der Schlüsselvorgänge</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/auditlogview.cpp" line="34"/>
        <source>Search the audit log</source>
        <translation>Das Audit-Log durchsuchen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/auditlogview.cpp" line="35"/>
        <source>Search: target, key id, fingerprint, operation, result…</source>
        <translation>Suche: Ziel, Schlüssel-ID, Fingerabdruck, Vorgang, Ergebnis…</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/auditlogview.cpp" line="42"/>
        <source>&amp;Reload</source>
        <translation>&amp;Neu laden</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/auditlogview.cpp" line="44"/>
        <source>Reload the audit log</source>
        <translation>Das Audit-Log neu laden</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/auditlogview.cpp" line="49"/>
        <source>Audit log entries</source>
        <translation>Einträge des Audit-Logs</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/auditlogview.cpp" line="57"/>
        <source>Audit log columns</source>
        <translation>Spalten des Audit-Logs</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/auditlogview.cpp" line="126"/>
        <source>No audit log is kept.</source>
        <translation>Es wird kein Audit-Log geführt.</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/keys/auditlogview.cpp" line="128"/>
        <source>%n entry(s) in %1</source>
        <translation>
            <numerusform>%n Eintrag in %1</numerusform>
            <numerusform>%n Einträge in %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/keys/auditlogview.cpp" line="130"/>
        <source>Showing %1 of %n entry(s) in %2</source>
        <translation>
            <numerusform>%1 von %n Eintrag in %2 angezeigt</numerusform>
            <numerusform>%1 von %n Einträgen in %2 angezeigt</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::BreakGlassView</name>
    <message>
        <location filename="../app/gui/keys/breakglassview.cpp" line="25"/>
        <source>&amp;Retry Failed</source>
        <translation>Fehlgeschlagene &amp;wiederholen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/breakglassview.cpp" line="26"/>
        <source>&amp;Close</source>
        <translation>&amp;Schließen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/breakglassview.cpp" line="30"/>
        <source>Emergency deactivation</source>
        <translation>Notfall-Deaktivierung</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/breakglassview.cpp" line="31"/>
        <source>Emergency: Deactivate All Active Keys</source>
        <translation>Notfall: Alle aktiven Schlüssel deaktivieren</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/breakglassview.cpp" line="34"/>
        <source>Every active public key of every target of this instance is being deactivated. JWE payloads stop until new keys are active.</source>
        <translation>Jeder aktive öffentliche Schlüssel jedes Ziels dieser Instanz wird deaktiviert. JWE-Payloads bleiben aus, bis neue Schlüssel aktiv sind.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/breakglassview.cpp" line="42"/>
        <source>Listing the targets…</source>
        <translation>Die Ziele werden aufgelistet…</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/breakglassview.cpp" line="44"/>
        <source>Deactivation progress</source>
        <translation>Fortschritt der Deaktivierung</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/breakglassview.cpp" line="48"/>
        <source>Results per target</source>
        <translation>Ergebnisse pro Ziel</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/breakglassview.cpp" line="51"/>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/breakglassview.cpp" line="51"/>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/breakglassview.cpp" line="51"/>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/breakglassview.cpp" line="57"/>
        <source>Retry the failed targets</source>
        <translation>Die fehlgeschlagenen Ziele wiederholen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/breakglassview.cpp" line="60"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/breakglassview.cpp" line="108"/>
        <source>Waiting</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/breakglassview.cpp" line="111"/>
        <source>Deactivating…</source>
        <translation>Wird deaktiviert…</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/breakglassview.cpp" line="114"/>
        <source>No active key</source>
        <translation>Kein aktiver Schlüssel</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/breakglassview.cpp" line="118"/>
        <source>Deactivated key %1</source>
        <translation>Schlüssel %1 deaktiviert</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/breakglassview.cpp" line="122"/>
        <source>FAILED: %1</source>
        <translation>FEHLGESCHLAGEN: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/breakglassview.cpp" line="124"/>
        <source> (deactivated %1)</source>
        <translation> (%1 deaktiviert)</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/breakglassview.cpp" line="147"/>
        <source>The targets could not be listed, nothing was deactivated: %1</source>
        <translation>Die Ziele konnten nicht aufgelistet werden, nichts wurde deaktiviert: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/breakglassview.cpp" line="154"/>
        <source>Targets done: %1 of %2. Keys deactivated: %3. Targets without an active key: %4. Failed: %5.</source>
        <translation>Ziele erledigt: %1 von %2. Deaktivierte Schlüssel: %3. Ziele ohne aktiven Schlüssel: %4. Fehlgeschlagen: %5.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/breakglassview.cpp" line="161"/>
        <source>Retry the failed targets: only keys still active are touched.</source>
        <translation>Die fehlgeschlagenen Ziele wiederholen: Nur noch aktive Schlüssel werden angefasst.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/breakglassview.cpp" line="163"/>
        <source>Finished.</source>
        <translation>Fertig.</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::BulkInspection</name>
    <message>
        <location filename="../app/gui/inspector/bulkinspection.cpp" line="122"/>
        <location filename="../app/gui/inspector/bulkinspection.cpp" line="258"/>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspection.cpp" line="126"/>
        <source>%1 is larger than 1 GiB; split it into smaller files.</source>
        <translation>%1 ist größer als 1 GiB; teilen Sie sie in kleinere Dateien auf.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspection.cpp" line="176"/>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::BulkInspectionModel</name>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionmodel.cpp" line="53"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionmodel.cpp" line="55"/>
        <source>Malformed</source>
        <translation>Fehlerhaft</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionmodel.cpp" line="57"/>
        <source>Cannot decrypt</source>
        <translation>Nicht entschlüsselbar</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionmodel.cpp" line="59"/>
        <source>Signature invalid</source>
        <translation>Signatur ungültig</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionmodel.cpp" line="70"/>
        <source>request</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionmodel.cpp" line="72"/>
        <source>response</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionmodel.cpp" line="74"/>
        <source>event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionmodel.cpp" line="76"/>
        <source>function</source>
        <translation>Funktion</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionmodel.cpp" line="105"/>
        <source>OK, signed</source>
        <translation>OK, signiert</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionmodel.cpp" line="134"/>
        <source>Line</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionmodel.cpp" line="136"/>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionmodel.cpp" line="138"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionmodel.cpp" line="140"/>
        <source>Method / event / function</source>
        <translation>Methode / Ereignis / Funktion</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionmodel.cpp" line="142"/>
        <source>Key id</source>
        <translation>Schlüssel-ID</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionmodel.cpp" line="144"/>
        <source>Decrypted with</source>
        <translation>Entschlüsselt mit</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionmodel.cpp" line="146"/>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::BulkInspectionView</name>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionview.cpp" line="32"/>
        <source>&amp;Open JSON-Lines File…</source>
        <translation>JSON-Lines-Datei ö&amp;ffnen…</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionview.cpp" line="33"/>
        <source>Cance&amp;l</source>
        <translation>Abbre&amp;chen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionview.cpp" line="39"/>
        <source>Open a JSON-lines file for bulk inspection</source>
        <translation>Eine JSON-Lines-Datei für die Massenuntersuchung öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionview.cpp" line="40"/>
        <source>One captured delivery per line: a token, or {&quot;headers&quot;:{…},&quot;body&quot;:&quot;…&quot;}</source>
        <translation>Eine mitgeschnittene Zustellung pro Zeile: ein Token oder {&quot;headers&quot;:{…},&quot;body&quot;:&quot;…&quot;}</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionview.cpp" line="42"/>
        <source>Cancel the bulk inspection</source>
        <translation>Die Massenuntersuchung abbrechen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionview.cpp" line="43"/>
        <source>Stop inspecting (Esc); the lines done so far stay in the table</source>
        <translation>Untersuchung anhalten (Esc); die bisher fertigen Zeilen bleiben in der Tabelle</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionview.cpp" line="46"/>
        <source>Bulk inspection progress</source>
        <translation>Fortschritt der Massenuntersuchung</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionview.cpp" line="55"/>
        <source>Search the inspected lines</source>
        <translation>Die untersuchten Zeilen durchsuchen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionview.cpp" line="56"/>
        <source>Search lines: method, event, key id, problem…</source>
        <translation>Zeilen durchsuchen: Methode, Ereignis, Schlüssel-ID, Problem…</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionview.cpp" line="66"/>
        <source>Inspected lines</source>
        <translation>Untersuchte Zeilen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionview.cpp" line="87"/>
        <location filename="../app/gui/inspector/bulkinspectionview.cpp" line="143"/>
        <source>Select a line to see it in full.</source>
        <translation>Wählen Sie eine Zeile, um sie vollständig zu sehen.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionview.cpp" line="174"/>
        <source>Open a JSON-lines file of captured deliveries: one token, or {&quot;headers&quot;:{…},&quot;body&quot;:&quot;…&quot;}, per line. Keys, the JWKS and the signing key from the left apply to every line.</source>
        <translation>Eine JSON-Lines-Datei mitgeschnittener Zustellungen öffnen: ein Token oder {&quot;headers&quot;:{…},&quot;body&quot;:&quot;…&quot;} pro Zeile. Schlüssel, JWKS und Signaturschlüssel von links gelten für jede Zeile.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionview.cpp" line="178"/>
        <source>Reading %1…</source>
        <translation>%1 wird gelesen…</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionview.cpp" line="181"/>
        <source>Loading the keys the lines of %1 ask for…</source>
        <translation>Die Schlüssel, nach denen die Zeilen von %1 fragen, werden geladen…</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionview.cpp" line="185"/>
        <source>Inspecting %1: %2 of %3 lines…</source>
        <translation>%1 wird untersucht: %2 von %3 Zeilen…</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionview.cpp" line="188"/>
        <source>Cancelled: %1 of %2 lines of %3 inspected.</source>
        <translation>Abgebrochen: %1 von %2 Zeilen von %3 untersucht.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionview.cpp" line="195"/>
        <source>%1: %2 lines inspected.</source>
        <translation>%1: %2 Zeilen untersucht.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionview.cpp" line="202"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionview.cpp" line="205"/>
        <source>(%1 shown)</source>
        <translation>(%1 angezeigt)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/bulkinspectionview.cpp" line="208"/>
        <source>%v of %m</source>
        <translation>%v von %m</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::CertificateDialog</name>
    <message>
        <location filename="../app/gui/connections/certificatedialog.cpp" line="33"/>
        <source>Server Certificate</source>
        <translation>Serverzertifikat</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/certificatedialog.cpp" line="37"/>
        <source>Compare the SHA-256 fingerprint with the one the instance&apos;s administrator gives you before trusting this certificate.</source>
        <translation>Vergleichen Sie den SHA-256-Fingerabdruck mit dem, den Ihnen der Administrator der Instanz nennt, bevor Sie diesem Zertifikat vertrauen.</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/certificatedialog.cpp" line="45"/>
        <source>Subject:</source>
        <translation>Inhaber:</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/certificatedialog.cpp" line="46"/>
        <source>Issuer:</source>
        <translation>Aussteller:</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/certificatedialog.cpp" line="46"/>
        <source>%1 (self-signed)</source>
        <translation>%1 (selbst signiert)</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/certificatedialog.cpp" line="49"/>
        <source>Names:</source>
        <translation>Namen:</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/certificatedialog.cpp" line="51"/>
        <source>Valid from:</source>
        <translation>Gültig ab:</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/certificatedialog.cpp" line="53"/>
        <source>Valid until:</source>
        <translation>Gültig bis:</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/certificatedialog.cpp" line="57"/>
        <source>SHA-256:</source>
        <translation>SHA-256:</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/certificatedialog.cpp" line="60"/>
        <source>This is the certificate the profile pins.</source>
        <translation>Dies ist das Zertifikat, das das Profil anheftet.</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/certificatedialog.cpp" line="62"/>
        <source>Verified by a trusted certificate authority; no pin is needed.</source>
        <translation>Von einer vertrauenswürdigen Zertifizierungsstelle bestätigt; kein Anheften nötig.</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/certificatedialog.cpp" line="64"/>
        <source>Not trusted: %1</source>
        <translation>Nicht vertrauenswürdig: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/certificatedialog.cpp" line="68"/>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/certificatedialog.cpp" line="73"/>
        <source>&amp;Trust (pin) this certificate</source>
        <translation>Diesem Zertifikat &amp;vertrauen (anheften)</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/certificatedialog.cpp" line="75"/>
        <source>Trust (pin) this certificate</source>
        <translation>Diesem Zertifikat vertrauen (anheften)</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::ChecksPanel</name>
    <message>
        <location filename="../app/gui/executions/checkspanel.cpp" line="23"/>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/checkspanel.cpp" line="25"/>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/checkspanel.cpp" line="29"/>
        <source>Note</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/checkspanel.cpp" line="34"/>
        <source>Check &amp;Again</source>
        <translation>Erneut &amp;prüfen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/checkspanel.cpp" line="35"/>
        <source>Look Up &amp;Hosts</source>
        <translation>Hosts &amp;im DNS nachschlagen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/checkspanel.cpp" line="39"/>
        <source>Checks</source>
        <translation>Prüfungen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/checkspanel.cpp" line="42"/>
        <source>Check again</source>
        <translation>Erneut prüfen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/checkspanel.cpp" line="43"/>
        <source>F5</source>
        <translation>F5</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/checkspanel.cpp" line="45"/>
        <source>Look up the endpoints&apos; host names</source>
        <translation>Hostnamen der Endpunkte nachschlagen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/checkspanel.cpp" line="46"/>
        <source>Ask this machine&apos;s DNS whether every endpoint&apos;s host name resolves; a host that does not is reported. Only on request: it sends queries to your resolver.</source>
        <translation>Fragt das DNS dieses Rechners, ob sich der Hostname jedes Endpunkts auflösen lässt; ein Host, der sich nicht auflösen lässt, wird gemeldet. Nur auf Anforderung: Es schickt Anfragen an Ihren Resolver.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/checkspanel.cpp" line="50"/>
        <source>Problems found</source>
        <translation>Gefundene Probleme</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/checkspanel.cpp" line="58"/>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/checkspanel.cpp" line="58"/>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/checkspanel.cpp" line="62"/>
        <location filename="../app/gui/executions/checkspanel.cpp" line="79"/>
        <source>What happens and how to fix it</source>
        <translation>Was passiert und wie man es behebt</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/checkspanel.cpp" line="99"/>
        <source>No problems</source>
        <translation>Keine Probleme</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/executions/checkspanel.cpp" line="99"/>
        <source>%n problem(s)</source>
        <translation>
            <numerusform>%n Problem</numerusform>
            <numerusform>%n Probleme</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/executions/checkspanel.cpp" line="124"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/executions/checkspanel.cpp" line="130"/>
        <source>, %n note(s)</source>
        <translation>
            <numerusform>, %n Hinweis</numerusform>
            <numerusform>, %n Hinweise</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/executions/checkspanel.cpp" line="142"/>
        <source>Nothing found.</source>
        <translation>Nichts gefunden.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/checkspanel.cpp" line="146"/>
        <source>About %1: %2
What ZITADEL does: %3
Fix: %4</source>
        <translation>Zu %1: %2
Was ZITADEL tut: %3
Behebung: %4</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::ConnectionTestView</name>
    <message>
        <location filename="../app/gui/connections/connectiontestview.cpp" line="16"/>
        <source>Reachable</source>
        <translation>Erreichbar</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/connectiontestview.cpp" line="18"/>
        <source>TLS certificate</source>
        <translation>TLS-Zertifikat</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/connectiontestview.cpp" line="20"/>
        <source>Token accepted</source>
        <translation>Token akzeptiert</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/connectiontestview.cpp" line="22"/>
        <source>Read targets</source>
        <translation>Ziele lesen</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/connectiontestview.cpp" line="24"/>
        <source>Change targets</source>
        <translation>Ziele ändern</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/connectiontestview.cpp" line="38"/>
        <source>Connection test results</source>
        <translation>Ergebnisse des Verbindungstests</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/connectiontestview.cpp" line="50"/>
        <location filename="../app/gui/connections/connectiontestview.cpp" line="98"/>
        <source>✘ Failed</source>
        <translation>✘ Fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/connectiontestview.cpp" line="65"/>
        <source>Not tested yet.</source>
        <translation>Noch nicht getestet.</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/connectiontestview.cpp" line="73"/>
        <source>Testing the connection…</source>
        <translation>Die Verbindung wird getestet…</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/connectiontestview.cpp" line="83"/>
        <source>Everything works.</source>
        <translation>Alles funktioniert.</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/connectiontestview.cpp" line="83"/>
        <source>Some checks failed; see the reasons below.</source>
        <translation>Einige Prüfungen sind fehlgeschlagen; die Gründe stehen unten.</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/connectiontestview.cpp" line="94"/>
        <source>✔ OK</source>
        <translation>✔ OK</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/connectiontestview.cpp" line="102"/>
        <source>– Not checked</source>
        <translation>– Nicht geprüft</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/connectiontestview.cpp" line="109"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::DeleteTargetsCommand</name>
    <message>
        <location filename="../app/gui/commands/deletetargetscommand.cpp" line="78"/>
        <source>could not check its executions: %1</source>
        <translation>seine Ausführungen konnten nicht geprüft werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/commands/deletetargetscommand.cpp" line="80"/>
        <source>no executions</source>
        <translation>keine Ausführungen</translation>
    </message>
    <message>
        <location filename="../app/gui/commands/deletetargetscommand.cpp" line="90"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location filename="../app/gui/commands/deletetargetscommand.cpp" line="102"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../app/gui/commands/deletetargetscommand.cpp" line="109"/>
        <location filename="../app/gui/commands/deletetargetscommand.cpp" line="118"/>
        <source>Delete Target</source>
        <translation>Ziel löschen</translation>
    </message>
    <message>
        <location filename="../app/gui/commands/deletetargetscommand.cpp" line="110"/>
        <source>Delete the target “%1”?</source>
        <translation>Das Ziel „%1“ löschen?</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/commands/deletetargetscommand.cpp" line="113"/>
        <source>ZITADEL also removes it from the %n execution(s) listed above; they stop calling it. This cannot be undone.</source>
        <translation>
            <numerusform>ZITADEL entfernt es auch aus der oben aufgeführten Ausführung, die es dann nicht mehr aufruft. Dies kann nicht rückgängig gemacht werden.</numerusform>
            <numerusform>ZITADEL entfernt es auch aus den %n oben aufgeführten Ausführungen; sie rufen es dann nicht mehr auf. Dies kann nicht rückgängig gemacht werden.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/commands/deletetargetscommand.cpp" line="117"/>
        <source>No execution calls it. This cannot be undone.</source>
        <translation>Keine Ausführung ruft es auf. Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <location filename="../app/gui/commands/deletetargetscommand.cpp" line="120"/>
        <location filename="../app/gui/commands/deletetargetscommand.cpp" line="141"/>
        <source>Delete Targets</source>
        <translation>Ziele löschen</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/commands/deletetargetscommand.cpp" line="121"/>
        <source>Delete %Ln target(s)?</source>
        <translation>
            <numerusform>%Ln Ziel löschen?</numerusform>
            <numerusform>%Ln Ziele löschen?</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/commands/deletetargetscommand.cpp" line="122"/>
        <source>ZITADEL also removes them from the executions listed; they stop calling them. This cannot be undone.</source>
        <translation>ZITADEL entfernt sie auch aus den aufgeführten Ausführungen; diese rufen sie dann nicht mehr auf. Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <location filename="../app/gui/commands/deletetargetscommand.cpp" line="124"/>
        <source>No execution calls them. This cannot be undone.</source>
        <translation>Keine Ausführung ruft sie auf. Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/commands/deletetargetscommand.cpp" line="125"/>
        <source>Delete %Ln Target(s)</source>
        <translation>
            <numerusform>%Ln Ziel löschen</numerusform>
            <numerusform>%Ln Ziele löschen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/commands/deletetargetscommand.cpp" line="130"/>
        <source>%1, %2, %3 and %Ln more.</source>
        <translation>
            <numerusform>%1, %2, %3 und %Ln weiteres.</numerusform>
            <numerusform>%1, %2, %3 und %Ln weitere.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/commands/deletetargetscommand.cpp" line="139"/>
        <source>Deleting targets…</source>
        <translation>Ziele werden gelöscht…</translation>
    </message>
    <message>
        <location filename="../app/gui/commands/deletetargetscommand.cpp" line="139"/>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <location filename="../app/gui/commands/deletetargetscommand.cpp" line="161"/>
        <source>Deleting “%1” (%2 of %3)…</source>
        <translation>„%1“ wird gelöscht (%2 von %3)…</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::ExecutionEditor</name>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="58"/>
        <source>Execution editor</source>
        <translation>Ausführungseditor</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="68"/>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="69"/>
        <source>Request (before an API call)</source>
        <translation>Request (vor einem API-Aufruf)</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="70"/>
        <source>Response (after an API call)</source>
        <translation>Response (nach einem API-Aufruf)</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="71"/>
        <source>Function (in a login or token flow)</source>
        <translation>Funktion (in einem Login- oder Token-Ablauf)</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="72"/>
        <source>Event (after something happened)</source>
        <translation>Ereignis (nachdem etwas geschehen ist)</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="74"/>
        <source>Which calls</source>
        <translation>Welche Aufrufe</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="76"/>
        <source>Method, service, function or event</source>
        <translation>Methode, Dienst, Funktion oder Ereignis</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="77"/>
        <location filename="../app/gui/executions/executioneditor.cpp" line="78"/>
        <source>Clear condition</source>
        <translation>Bedingung leeren</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="85"/>
        <source>Condition</source>
        <translation>Bedingung</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="89"/>
        <source>&amp;When:</source>
        <translation>&amp;Wann:</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="90"/>
        <source>Ca&amp;lls:</source>
        <translation>Au&amp;frufe:</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="91"/>
        <source>&amp;Name:</source>
        <translation>Na&amp;me:</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="95"/>
        <source>Targets, in the order ZITADEL calls them</source>
        <translation>Ziele, in der Reihenfolge, in der ZITADEL sie aufruft</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="100"/>
        <source>&amp;Add Targets…</source>
        <translation>Ziele &amp;hinzufügen…</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="100"/>
        <source>Add targets</source>
        <translation>Ziele hinzufügen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="101"/>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="101"/>
        <source>Remove the selected target</source>
        <translation>Das ausgewählte Ziel entfernen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="102"/>
        <source>Move &amp;Up</source>
        <translation>Nach &amp;oben</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="102"/>
        <source>Move the selected target up</source>
        <translation>Das ausgewählte Ziel nach oben verschieben</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="103"/>
        <source>Move &amp;Down</source>
        <translation>Nach &amp;unten</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="103"/>
        <source>Move the selected target down</source>
        <translation>Das ausgewählte Ziel nach unten verschieben</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="104"/>
        <source>Alt+Up</source>
        <translation>Alt+Up</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="105"/>
        <source>Alt+Down</source>
        <translation>Alt+Down</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="110"/>
        <source>Targets, called in this &amp;order</source>
        <translation>Ziele, in dieser &amp;Reihenfolge aufgerufen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="119"/>
        <source>Which calls this execution handles</source>
        <translation>Welche Aufrufe diese Ausführung behandelt</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="120"/>
        <source>Problems ZITADEL would have with this execution</source>
        <translation>Probleme, die ZITADEL mit dieser Ausführung hätte</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="123"/>
        <location filename="../app/gui/executions/executioneditor.cpp" line="658"/>
        <source>Save status</source>
        <translation>Speicherstatus</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="125"/>
        <source>&amp;Save Execution</source>
        <translation>Ausführung spei&amp;chern</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="125"/>
        <source>Save the execution</source>
        <translation>Die Ausführung speichern</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="127"/>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="128"/>
        <source>Delete E&amp;xecution…</source>
        <translation>Ausführung &amp;löschen…</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="128"/>
        <source>Delete the execution</source>
        <translation>Die Ausführung löschen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="196"/>
        <source>Execution %1</source>
        <translation>Ausführung %1</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="210"/>
        <source>New execution</source>
        <translation>Neue Ausführung</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="218"/>
        <source>Choose when ZITADEL should call, then add targets.</source>
        <translation>Wählen Sie, wann ZITADEL aufrufen soll, und fügen Sie dann Ziele hinzu.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="219"/>
        <source>Choose when ZITADEL should call the target.</source>
        <translation>Wählen Sie, wann ZITADEL das Ziel aufrufen soll.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="230"/>
        <source>Discard Changes?</source>
        <translation>Änderungen verwerfen?</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="231"/>
        <source>The execution has changes that are not saved.</source>
        <translation>Die Ausführung hat Änderungen, die nicht gespeichert sind.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="232"/>
        <source>&amp;Discard</source>
        <translation>&amp;Verwerfen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="233"/>
        <source>&amp;Keep Editing</source>
        <translation>&amp;Weiter bearbeiten</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="246"/>
        <source>Name the function.</source>
        <translation>Nennen Sie die Funktion.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="247"/>
        <source>Name the event type or group.</source>
        <translation>Nennen Sie den Ereignistyp oder die Gruppe.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="248"/>
        <source>Name the service.</source>
        <translation>Nennen Sie den Dienst.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="249"/>
        <source>Name the method.</source>
        <translation>Nennen Sie die Methode.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="349"/>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="359"/>
        <source>Add at least one target.</source>
        <translation>Fügen Sie mindestens ein Ziel hinzu.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="374"/>
        <source>Save Despite Problems?</source>
        <translation>Trotz Problemen speichern?</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/executions/executioneditor.cpp" line="375"/>
        <source>ZITADEL would have %n problem(s) with this execution:</source>
        <translation>
            <numerusform>ZITADEL hätte %n Problem mit dieser Ausführung:</numerusform>
            <numerusform>ZITADEL hätte %n Probleme mit dieser Ausführung:</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="377"/>
        <source>%1 %2 %3</source>
        <translation>%1 %2 %3</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="378"/>
        <source>You can save anyway, or go back and change it.</source>
        <translation>Sie können trotzdem speichern oder zurückgehen und sie ändern.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="379"/>
        <source>Save &amp;Anyway</source>
        <translation>&amp;Trotzdem speichern</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="380"/>
        <source>&amp;Go Back</source>
        <translation>&amp;Zurück</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="382"/>
        <source>Not saved.</source>
        <translation>Nicht gespeichert.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="389"/>
        <source> The execution %1 is unchanged; delete it if it is no longer wanted.</source>
        <translation> Die Ausführung %1 ist unverändert; löschen Sie sie, wenn sie nicht mehr gebraucht wird.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="403"/>
        <source>There is no execution for %1 to delete.</source>
        <translation>Es gibt keine Ausführung für %1, die gelöscht werden könnte.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="409"/>
        <source>Delete Execution?</source>
        <translation>Ausführung löschen?</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="411"/>
        <source>Delete the execution %1? ZITADEL then no longer calls its targets for it.</source>
        <translation>Die Ausführung %1 löschen? ZITADEL ruft ihre Ziele dann dafür nicht mehr auf.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="412"/>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="413"/>
        <source>&amp;Keep</source>
        <translation>&amp;Behalten</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="416"/>
        <source>Not deleted.</source>
        <translation>Nicht gelöscht.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="428"/>
        <source>Deleting…</source>
        <translation>Wird gelöscht…</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="428"/>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="435"/>
        <source>ZITADEL refused: %1</source>
        <translation>ZITADEL hat abgelehnt: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="440"/>
        <source>Saved, but not everything took: %1</source>
        <translation>Gespeichert, aber nicht alles wurde übernommen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="445"/>
        <source>Not Everything Was Saved</source>
        <translation>Nicht alles wurde gespeichert</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="450"/>
        <source>Deleted %1.</source>
        <translation>%1 gelöscht.</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/executions/executioneditor.cpp" line="452"/>
        <source>Saved %1; ZITADEL calls %n target(s) in this order.</source>
        <translation>
            <numerusform>%1 gespeichert; ZITADEL ruft %n Ziel in dieser Reihenfolge auf.</numerusform>
            <numerusform>%1 gespeichert; ZITADEL ruft %n Ziele in dieser Reihenfolge auf.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="466"/>
        <source>Deleted execution %1.</source>
        <translation>Ausführung %1 gelöscht.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="467"/>
        <source>Saved execution %1.</source>
        <translation>Ausführung %1 gespeichert.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="479"/>
        <source>One event type</source>
        <translation>Ein Ereignistyp</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="480"/>
        <source>A group of events</source>
        <translation>Eine Gruppe von Ereignissen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="481"/>
        <source>All events</source>
        <translation>Alle Ereignisse</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="483"/>
        <source>One method</source>
        <translation>Eine Methode</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="484"/>
        <source>A whole service</source>
        <translation>Ein ganzer Dienst</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="485"/>
        <source>All methods</source>
        <translation>Alle Methoden</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="497"/>
        <source>(every one)</source>
        <translation>(jede)</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="498"/>
        <source>preuserinfo</source>
        <translation>preuserinfo</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="500"/>
        <source>user.human</source>
        <translation>user.human</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="500"/>
        <source>user.human.added</source>
        <translation>user.human.added</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="501"/>
        <source>zitadel.user.v2.UserService</source>
        <translation>zitadel.user.v2.UserService</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="502"/>
        <source>/zitadel.user.v2.UserService/AddHumanUser</source>
        <translation>/zitadel.user.v2.UserService/AddHumanUser</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="518"/>
        <source>%1 already has an execution; its targets are in the list, yours after them.</source>
        <translation>%1 hat bereits eine Ausführung; deren Ziele stehen in der Liste, Ihre danach.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="571"/>
        <source>Without targets this execution does not exist: saving deletes it.</source>
        <translation>Ohne Ziele gibt es diese Ausführung nicht: Speichern löscht sie.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="574"/>
        <source>The list of ZITADEL&apos;s event types is not available here, so which events this condition handles cannot be shown.</source>
        <translation>Die Liste der Ereignistypen von ZITADEL ist hier nicht verfügbar, daher kann nicht gezeigt werden, welche Ereignisse diese Bedingung behandelt.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="576"/>
        <source>The instance did not list its calls of this kind, so which ones this condition handles is not known here.</source>
        <translation>Die Instanz hat ihre Aufrufe dieser Art nicht aufgelistet, daher ist hier nicht bekannt, welche diese Bedingung behandelt.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="581"/>
        <source>No call this instance knows matches this condition, so ZITADEL never runs it.</source>
        <translation>Kein Aufruf, den diese Instanz kennt, passt zu dieser Bedingung, daher führt ZITADEL sie nie aus.</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/executions/executioneditor.cpp" line="582"/>
        <source>Handles %1 of the %n call(s) it matches</source>
        <translation>
            <numerusform>Behandelt %1 von %n passenden Aufruf</numerusform>
            <numerusform>Behandelt %1 von %n passenden Aufrufen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="585"/>
        <source>: %1</source>
        <translation>: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="585"/>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/executions/executioneditor.cpp" line="587"/>
        <source> and %n more</source>
        <translation>
            <numerusform> und %n weiterer</numerusform>
            <numerusform> und %n weitere</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/executions/executioneditor.cpp" line="600"/>
        <source>%1 (%n call(s))</source>
        <translation>
            <numerusform>%1 (%n Aufruf)</numerusform>
            <numerusform>%1 (%n Aufrufe)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="603"/>
        <source>ZITADEL runs only the best-matching execution. More specific ones take calls away from this one: %1.</source>
        <translation>ZITADEL führt nur die am besten passende Ausführung aus. Spezifischere Ausführungen nehmen dieser hier Aufrufe ab: %1.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="605"/>
        <source>; </source>
        <translation>; </translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="607"/>
        <source>This execution never runs: every call it matches goes to another one.</source>
        <translation>Diese Ausführung läuft nie: Jeder Aufruf, zu dem sie passt, geht an eine andere.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="621"/>
        <source>Choose the condition to see which calls it handles.</source>
        <translation>Wählen Sie die Bedingung, um zu sehen, welche Aufrufe sie behandelt.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="630"/>
        <source>• %1 %2</source>
        <translation>• %1 %2</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executioneditor.cpp" line="668"/>
        <source>%1  (no such target: ZITADEL refuses it)</source>
        <translation>%1  (kein solches Ziel: ZITADEL lehnt es ab)</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::ExecutionMap</name>
    <message>
        <location filename="../app/gui/executions/executionmap.cpp" line="17"/>
        <location filename="../app/gui/executions/executionmap.cpp" line="27"/>
        <source>Execution map</source>
        <translation>Ausführungskarte</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionmap.cpp" line="20"/>
        <source>Show the map</source>
        <translation>Die Karte zeigen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionmap.cpp" line="21"/>
        <source>By target: which conditions call it</source>
        <translation>Nach Ziel: welche Bedingungen es aufrufen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionmap.cpp" line="22"/>
        <source>By condition: which targets it calls</source>
        <translation>Nach Bedingung: welche Ziele sie aufruft</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionmap.cpp" line="23"/>
        <source>&amp;Show:</source>
        <translation>Zei&amp;gen:</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionmap.cpp" line="29"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionmap.cpp" line="29"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionmap.cpp" line="39"/>
        <source>Enter or double-click an entry below a target or condition to jump to it.</source>
        <translation>Drücken Sie Enter oder doppelklicken Sie auf einen Eintrag unter einem Ziel oder einer Bedingung, um dorthin zu springen.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionmap.cpp" line="112"/>
        <source>%1 (no such target)</source>
        <translation>%1 (kein solches Ziel)</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionmap.cpp" line="131"/>
        <source>missing: ZITADEL skips it</source>
        <translation>fehlt: ZITADEL überspringt es</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionmap.cpp" line="132"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionmap.cpp" line="134"/>
        <source> · interrupts</source>
        <translation> · bricht ab</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionmap.cpp" line="150"/>
        <source>%1 · not called</source>
        <translation>%1 · nicht aufgerufen</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/executions/executionmap.cpp" line="151"/>
        <source>%1 · %n condition(s)</source>
        <translation>
            <numerusform>%1 · %n Bedingung</numerusform>
            <numerusform>%1 · %n Bedingungen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionmap.cpp" line="155"/>
        <source>target %1 of %2</source>
        <translation>Ziel %1 von %2</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionmap.cpp" line="156"/>
        <source>its only target</source>
        <translation>sein einziges Ziel</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/executions/executionmap.cpp" line="166"/>
        <source>calls %n target(s) in order</source>
        <translation>
            <numerusform>ruft %n Ziel der Reihe nach auf</numerusform>
            <numerusform>ruft %n Ziele der Reihe nach auf</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionmap.cpp" line="169"/>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::ExecutionsWorkspace</name>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="46"/>
        <source>Request</source>
        <translation>Request</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="48"/>
        <source>Response</source>
        <translation>Response</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="50"/>
        <source>Function</source>
        <translation>Funktion</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="54"/>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="64"/>
        <source>all events</source>
        <translation>alle Ereignisse</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="64"/>
        <source>all methods</source>
        <translation>alle Methoden</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="65"/>
        <source>group %1</source>
        <translation>Gruppe %1</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="66"/>
        <source>service %1</source>
        <translation>Dienst %1</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="104"/>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="131"/>
        <source>Executions</source>
        <translation>Ausführungen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="108"/>
        <source>Search executions</source>
        <translation>Ausführungen durchsuchen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="109"/>
        <source>Search conditions and targets (Ctrl+F)</source>
        <translation>Bedingungen und Ziele durchsuchen (Strg+F)</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="110"/>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="111"/>
        <source>Clear search</source>
        <translation>Suche leeren</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="113"/>
        <source>Show kind</source>
        <translation>Art zeigen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="114"/>
        <source>All kinds</source>
        <translation>Alle Arten</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="118"/>
        <source>Show executions calling</source>
        <translation>Ausführungen zeigen, die aufrufen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="121"/>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="435"/>
        <source>Any target</source>
        <translation>Beliebiges Ziel</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="122"/>
        <source>K&amp;ind:</source>
        <translation>A&amp;rt:</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="124"/>
        <source>Calls tar&amp;get:</source>
        <translation>Ruft &amp;Ziel auf:</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="138"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="138"/>
        <source>Condition</source>
        <translation>Bedingung</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="138"/>
        <source>Targets, in order</source>
        <translation>Ziele, der Reihe nach</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="138"/>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="138"/>
        <source>Changed</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="149"/>
        <source>&amp;Refresh Executions</source>
        <translation>Ak&amp;tualisieren</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="150"/>
        <source>&amp;New Execution</source>
        <translation>&amp;Neue Ausführung</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="151"/>
        <source>Execution &amp;Map</source>
        <translation>Ausführungs&amp;karte</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="152"/>
        <source>&amp;Checks</source>
        <translation>&amp;Prüfungen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="153"/>
        <source>&amp;Find</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="154"/>
        <source>&amp;Save Execution</source>
        <translation>Ausführung spei&amp;chern</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="168"/>
        <source>New execution</source>
        <translation>Neue Ausführung</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="169"/>
        <source>New execution (%1)</source>
        <translation>Neue Ausführung (%1)</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="174"/>
        <source>Refresh executions</source>
        <translation>Ausführungen aktualisieren</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="175"/>
        <source>Reload executions, targets and the lists of methods and functions (F5)</source>
        <translation>Ausführungen, Ziele und die Listen der Methoden und Funktionen neu laden (F5)</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="199"/>
        <source>Editor, map and checks</source>
        <translation>Editor, Karte und Prüfungen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="203"/>
        <source>Execution editor</source>
        <translation>Ausführungseditor</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="210"/>
        <source>Editor</source>
        <translation>Editor</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="211"/>
        <source>&amp;Map</source>
        <translation>&amp;Karte</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="212"/>
        <source>Checks</source>
        <translation>Prüfungen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="213"/>
        <source>Enter on an execution opens it here</source>
        <translation>Enter auf einer Ausführung öffnet sie hier</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="332"/>
        <source>Loading executions, targets and what the checks need…</source>
        <translation>Ausführungen, Ziele und die Daten für die Prüfungen werden geladen…</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="347"/>
        <source>Could not load the executions: %1</source>
        <translation>Die Ausführungen konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="375"/>
        <source>%1 [%2 · %3]</source>
        <translation>%1 [%2 · %3]</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="378"/>
        <source>%1 [missing]</source>
        <translation>%1 [fehlt]</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="401"/>
        <source> → </source>
        <translation> → </translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="425"/>
        <source>No executions yet: ZITADEL calls no target. Create one with New Execution.</source>
        <translation>Noch keine Ausführungen: ZITADEL ruft kein Ziel auf. Legen Sie eine mit „Neue Ausführung“ an.</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="460"/>
        <source>%n execution(s)</source>
        <translation>
            <numerusform>%n Ausführung</numerusform>
            <numerusform>%n Ausführungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="461"/>
        <source>%1 of %n execution(s) shown</source>
        <translation>
            <numerusform>%1 von %n Ausführung angezeigt</numerusform>
            <numerusform>%1 von %n Ausführungen angezeigt</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="545"/>
        <source>Delete Execution?</source>
        <translation>Ausführung löschen?</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="545"/>
        <source>Remove Target?</source>
        <translation>Ziel entfernen?</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="548"/>
        <source>The target is the only one of %1: removing it deletes the execution.</source>
        <translation>Das Ziel ist das einzige von %1: Wird es entfernt, wird die Ausführung gelöscht.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="549"/>
        <source>ZITADEL then no longer calls the target on %1.</source>
        <translation>ZITADEL ruft das Ziel dann bei %1 nicht mehr auf.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="550"/>
        <source>&amp;Delete Execution</source>
        <translation>Ausführung &amp;löschen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="550"/>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="551"/>
        <source>&amp;Keep</source>
        <translation>&amp;Behalten</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="559"/>
        <source>Could not change %1: %2</source>
        <translation>%1 konnte nicht geändert werden: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="561"/>
        <source>Changed %1, but not everything took: %2</source>
        <translation>%1 geändert, aber nicht alles wurde übernommen: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="564"/>
        <source>Deleted execution %1.</source>
        <translation>Ausführung %1 gelöscht.</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="565"/>
        <source>Removed the target from %1.</source>
        <translation>Das Ziel wurde aus %1 entfernt.</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::InspectionView</name>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="37"/>
        <source>a bare JWE</source>
        <translation>ein einzelnes JWE</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="39"/>
        <source>a bare JWT</source>
        <translation>ein einzelnes JWT</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="41"/>
        <source>a JSON body</source>
        <translation>ein JSON-Inhalt</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="43"/>
        <source>a captured delivery (headers and body)</source>
        <translation>eine mitgeschnittene Zustellung (Header und Inhalt)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="45"/>
        <source>a captured HTTP request</source>
        <translation>eine mitgeschnittene HTTP-Anfrage</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="55"/>
        <source>Request execution: %1</source>
        <translation>Ausführung bei Anfrage: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="57"/>
        <source>Response execution: %1</source>
        <translation>Ausführung bei Antwort: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="59"/>
        <source>Event: %1</source>
        <translation>Ereignis: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="61"/>
        <source>Function: %1</source>
        <translation>Funktion: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="63"/>
        <source>A payload that is not JSON</source>
        <translation>Eine Payload, die kein JSON ist</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="64"/>
        <source>A JSON payload ZITADEL does not send</source>
        <translation>Eine JSON-Payload, die ZITADEL nicht sendet</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="68"/>
        <source>This is not a payload the inspector can read</source>
        <translation>Dies ist keine Payload, die der Inspektor lesen kann</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="70"/>
        <source>An encrypted payload for key id %1</source>
        <translation>Eine verschlüsselte Payload für die Schlüssel-ID %1</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="71"/>
        <source>An encrypted payload</source>
        <translation>Eine verschlüsselte Payload</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="84"/>
        <source>passed</source>
        <translation>bestanden</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="86"/>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="88"/>
        <source>not checked</source>
        <translation>nicht geprüft</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="97"/>
        <source>Decryption</source>
        <translation>Entschlüsselung</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="99"/>
        <source>JWT signature</source>
        <translation>JWT-Signatur</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="101"/>
        <source>ZITADEL-Signature</source>
        <translation>ZITADEL-Signature</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="125"/>
        <source>Copy Report as JSO&amp;N</source>
        <translation>Bericht als JSO&amp;N kopieren</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="144"/>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="175"/>
        <source>Headers</source>
        <translation>Header</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="177"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="177"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="177"/>
        <source>Meaning</source>
        <translation>Bedeutung</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="182"/>
        <source>&amp;Copy Value</source>
        <translation>Wert &amp;kopieren</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="189"/>
        <source>Copied the value of %1.</source>
        <translation>Der Wert von %1 wurde kopiert.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="196"/>
        <source>Details of the inspection</source>
        <translation>Einzelheiten der Untersuchung</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="207"/>
        <source>Copied the report as JSON.</source>
        <translation>Der Bericht wurde als JSON kopiert.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="216"/>
        <source>&amp;Payload</source>
        <translation>&amp;Payload</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="217"/>
        <source>&amp;Headers</source>
        <translation>&amp;Header</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="218"/>
        <source>&amp;Details</source>
        <translation>&amp;Einzelheiten</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="255"/>
        <source>Inspecting…</source>
        <translation>Wird untersucht…</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="266"/>
        <source>Read as %1</source>
        <translation>Gelesen als %1</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="268"/>
        <source>decrypted with %1</source>
        <translation>entschlüsselt mit %1</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="270"/>
        <source>signed with JWKS key %1</source>
        <translation>signiert mit JWKS-Schlüssel %1</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="278"/>
        <source>Paste what the webhook received: a JWE or JWT token, the JSON body, or the whole HTTP request with its headers.</source>
        <translation>Fügen Sie ein, was der Webhook empfangen hat: ein JWE- oder JWT-Token, den JSON-Inhalt oder die ganze HTTP-Anfrage mit ihren Headern.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="287"/>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="514"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="289"/>
        <source>Times in the payload — %1</source>
        <translation>Zeiten in der Payload — %1</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="297"/>
        <source>The payload is not JSON: its text is under Details.</source>
        <translation>Die Payload ist kein JSON: Ihr Text steht unter Einzelheiten.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="298"/>
        <source>The payload could not be reached. The badges above say why.</source>
        <translation>Die Payload war nicht erreichbar. Die Plaketten oben sagen, warum.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="336"/>
        <source>Decrypted</source>
        <translation>Entschlüsselt</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="337"/>
        <source>%1 ZITADEL encrypted it with the target&apos;s public key; only the holder of the private key can read it.</source>
        <translation>%1 ZITADEL hat sie mit dem öffentlichen Schlüssel des Ziels verschlüsselt; nur wer den privaten Schlüssel hat, kann sie lesen.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="341"/>
        <source>Could not decrypt</source>
        <translation>Nicht entschlüsselbar</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="344"/>
        <source>Not encrypted</source>
        <translation>Nicht verschlüsselt</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="345"/>
        <source>The body is not a JWE: ZITADEL sends it readable when the target&apos;s payload type is JSON or JWT.</source>
        <translation>Der Inhalt ist kein JWE: ZITADEL sendet ihn lesbar, wenn der Payload-Typ des Ziels JSON oder JWT ist.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="355"/>
        <source>Signed by the instance</source>
        <translation>Von der Instanz signiert</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="356"/>
        <source>%1 ZITADEL made this payload and nobody changed it since.</source>
        <translation>%1 ZITADEL hat diese Payload erstellt, und niemand hat sie seitdem verändert.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="359"/>
        <source>Signature invalid</source>
        <translation>Signatur ungültig</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="360"/>
        <source>%1 The payload was changed after it was signed, or someone other than the instance signed it: do not trust it.</source>
        <translation>%1 Die Payload wurde nach dem Signieren verändert, oder jemand anderes als die Instanz hat sie signiert: Vertrauen Sie ihr nicht.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="365"/>
        <source>Unverified</source>
        <translation>Ungeprüft</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="367"/>
        <source>The instance&apos;s JWKS could not be fetched; try Fetch JWKS again.</source>
        <translation>Das JWKS der Instanz konnte nicht abgerufen werden; versuchen Sie erneut „JWKS abrufen“.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="368"/>
        <source>Connect to the instance or load its JWKS file to check who signed it.</source>
        <translation>Verbinden Sie sich mit der Instanz oder laden Sie ihre JWKS-Datei, um zu prüfen, wer sie signiert hat.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="373"/>
        <source>No JWT signature</source>
        <translation>Keine JWT-Signatur</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="374"/>
        <source>A JSON payload carries no signature of its own; only the ZITADEL-Signature header shows who sent it.</source>
        <translation>Eine JSON-Payload trägt keine eigene Signatur; nur der ZITADEL-Signature-Header zeigt, wer sie gesendet hat.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="387"/>
        <source>Signing key: %1.</source>
        <translation>Signaturschlüssel: %1.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="389"/>
        <source>The 300 s age limit is not enforced.</source>
        <translation>Die Altersgrenze von 300 s wird nicht durchgesetzt.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="392"/>
        <source>Webhook signature valid · %1</source>
        <translation>Webhook-Signatur gültig · %1</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="395"/>
        <source>Webhook signature invalid</source>
        <translation>Webhook-Signatur ungültig</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="397"/>
        <source>The body was changed, or the signing key is not this target&apos;s.</source>
        <translation>Der Inhalt wurde verändert, oder der Signaturschlüssel gehört nicht zu diesem Ziel.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="400"/>
        <source>Webhook signature too old · %1</source>
        <translation>Webhook-Signatur zu alt · %1</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="402"/>
        <source>The signature matches, but a receiver refuses it as a possible replay. For an old capture, turn off the age limit.</source>
        <translation>Die Signatur passt, aber ein Empfänger lehnt sie als mögliche Wiederholung ab. Schalten Sie für einen alten Mitschnitt die Altersgrenze aus.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="406"/>
        <source>Webhook signature unreadable</source>
        <translation>Webhook-Signatur unlesbar</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="411"/>
        <source>Webhook signature not checked</source>
        <translation>Webhook-Signatur nicht geprüft</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="413"/>
        <source>Choose the target or enter its signing key on the left.</source>
        <translation>Wählen Sie links das Ziel oder geben Sie seinen Signaturschlüssel ein.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="422"/>
        <source>Expired key</source>
        <translation>Abgelaufener Schlüssel</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="423"/>
        <source>Key %1 of target “%2” expired on %3. ZITADEL no longer encrypts with it: this is an old payload, or the target needs a new key.</source>
        <translation>Schlüssel %1 des Ziels „%2“ ist am %3 abgelaufen. ZITADEL verschlüsselt nicht mehr damit: Dies ist eine alte Payload, oder das Ziel braucht einen neuen Schlüssel.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="428"/>
        <source>Inactive key</source>
        <translation>Inaktiver Schlüssel</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="429"/>
        <source>Key %1 of target “%2” is not the active key: ZITADEL now encrypts with another one.</source>
        <translation>Schlüssel %1 des Ziels „%2“ ist nicht der aktive Schlüssel: ZITADEL verschlüsselt jetzt mit einem anderen.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="433"/>
        <source>Key of target “%1”</source>
        <translation>Schlüssel des Ziels „%1“</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="434"/>
        <source>Key id %1 is the active key of this target.</source>
        <translation>Die Schlüssel-ID %1 ist der aktive Schlüssel dieses Ziels.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="435"/>
        <source>The vault says this key belongs to the target (offline: its state is unknown).</source>
        <translation>Laut Tresor gehört dieser Schlüssel zum Ziel (offline: sein Zustand ist unbekannt).</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="445"/>
        <source>No key in the vault and no target of %1 has a public key with id %2: the key was removed, or the payload comes from another instance.</source>
        <translation>Kein Schlüssel im Tresor und kein Ziel von %1 hat einen öffentlichen Schlüssel mit der ID %2: Der Schlüssel wurde entfernt, oder die Payload stammt von einer anderen Instanz.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="449"/>
        <source>No key in the vault has the key id %1. Add the private key file, or connect to the instance to find the target.</source>
        <translation>Kein Schlüssel im Tresor hat die Schlüssel-ID %1. Fügen Sie die Datei mit dem privaten Schlüssel hinzu oder verbinden Sie sich mit der Instanz, um das Ziel zu finden.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="454"/>
        <source>The instance&apos;s JWKS has no signing key %1: the instance rotated its web keys since, or the payload comes from another instance.</source>
        <translation>Das JWKS der Instanz hat keinen Signaturschlüssel %1: Die Instanz hat ihre Web-Keys seitdem rotiert, oder die Payload stammt von einer anderen Instanz.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="457"/>
        <source>Unknown key id</source>
        <translation>Unbekannte Schlüssel-ID</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="467"/>
        <source>HTTP headers (captured)</source>
        <translation>HTTP-Header (mitgeschnitten)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="468"/>
        <source>HTTP request: %1</source>
        <translation>HTTP-Anfrage: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="475"/>
        <source>t = when ZITADEL signed, v1 = HMAC-SHA256 of “t.body” with the signing key</source>
        <translation>t = wann ZITADEL signiert hat, v1 = HMAC-SHA256 von „t.Inhalt“ mit dem Signaturschlüssel</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="482"/>
        <source>JWE header (outer layer: encryption)</source>
        <translation>JWE-Header (äußere Schicht: Verschlüsselung)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="483"/>
        <source>JWT header (inner layer: signature)</source>
        <translation>JWT-Header (innere Schicht: Signatur)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="495"/>
        <source>No headers: the input is a plain JSON body.</source>
        <translation>Keine Header: Die Eingabe ist ein reiner JSON-Inhalt.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="506"/>
        <source>Outcome: %1 (exit class %2)</source>
        <translation>Ergebnis: %1 (Exit-Klasse %2)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="508"/>
        <source>Problem: %1</source>
        <translation>Problem: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="511"/>
        <source>Input: %1, inspected in %2 ms</source>
        <translation>Eingabe: %1, untersucht in %2 ms</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="523"/>
        <source>Notes:</source>
        <translation>Hinweise:</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="529"/>
        <source>Times:</source>
        <translation>Zeiten:</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="531"/>
        <source>%1 = %2 (%3)</source>
        <translation>%1 = %2 (%3)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="535"/>
        <source>Payload as received:</source>
        <translation>Payload wie empfangen:</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectionview.cpp" line="540"/>
        <source>… (%1 more bytes)</source>
        <translation>… (%1 weitere Bytes)</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::InspectorInstance</name>
    <message>
        <location filename="../app/gui/inspector/inspectorinstance.cpp" line="20"/>
        <location filename="../app/gui/inspector/inspectorinstance.cpp" line="33"/>
        <source>The instance&apos;s JWKS has not been fetched yet.</source>
        <translation>Das JWKS der Instanz wurde noch nicht abgerufen.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorinstance.cpp" line="21"/>
        <source>Not connected to an instance: load a JWKS file to verify JWT payloads.</source>
        <translation>Nicht mit einer Instanz verbunden: Laden Sie eine JWKS-Datei, um JWT-Payloads zu prüfen.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorinstance.cpp" line="64"/>
        <source>Fetching the JWKS from %1…</source>
        <translation>Das JWKS wird von %1 abgerufen…</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorinstance.cpp" line="72"/>
        <source>Could not fetch the JWKS from %1: %2</source>
        <translation>Das JWKS konnte nicht von %1 abgerufen werden: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorinstance.cpp" line="86"/>
        <source>The JWKS from %1 holds no usable key.</source>
        <translation>Das JWKS von %1 enthält keinen verwendbaren Schlüssel.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorinstance.cpp" line="87"/>
        <source>JWKS from %1, key ids: %2</source>
        <translation>JWKS von %1, Schlüssel-IDs: %2</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::InspectorKeyRing</name>
    <message>
        <location filename="../app/gui/inspector/inspectorkeyring.cpp" line="76"/>
        <source>vault: %1</source>
        <translation>Tresor: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorkeyring.cpp" line="80"/>
        <source>Could not load the vault key %1: %2</source>
        <translation>Der Tresorschlüssel %1 konnte nicht geladen werden: %2</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::InspectorWindow</name>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="78"/>
        <source>Payload Inspector — %1</source>
        <translation>Payload-Inspektor — %1</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="79"/>
        <source>Payload Inspector (offline)</source>
        <translation>Payload-Inspektor (offline)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="80"/>
        <source>Payload Inspector</source>
        <translation>Payload-Inspektor</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="84"/>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="85"/>
        <source>The passphrase was wrong. Passphrase of %1:</source>
        <translation>Die Passphrase war falsch. Passphrase von %1:</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="86"/>
        <source>%1 is encrypted. Passphrase:</source>
        <translation>%1 ist verschlüsselt. Passphrase:</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="102"/>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="428"/>
        <source>&amp;Single Delivery</source>
        <translation>&amp;Einzelne Zustellung</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="104"/>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="432"/>
        <source>&amp;Bulk</source>
        <translation>&amp;Massenmodus</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="106"/>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="436"/>
        <source>&amp;Listen</source>
        <translation>Empfan&amp;gen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="161"/>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="583"/>
        <source>Paste what your webhook received — a token, the JSON body or the whole HTTP request — or drop a file here.</source>
        <translation>Fügen Sie ein, was Ihr Webhook empfangen hat – ein Token, den JSON-Inhalt oder die ganze HTTP-Anfrage –, oder legen Sie hier eine Datei ab.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="181"/>
        <source>&amp;Input: paste a token, a JSON body or a captured HTTP request</source>
        <translation>&amp;Eingabe: ein Token, einen JSON-Inhalt oder eine mitgeschnittene HTTP-Anfrage einfügen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="185"/>
        <source>Payload to inspect</source>
        <translation>Zu untersuchende Payload</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="186"/>
        <source>eyJhbGciOiJSU0EtT0FFUC0yNTYi…   or   POST /webhook HTTP/1.1 …   or drop a file</source>
        <translation>eyJhbGciOiJSU0EtT0FFUC0yNTYi…   oder   POST /webhook HTTP/1.1 …   oder eine Datei ablegen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="189"/>
        <source>&amp;Open File…</source>
        <translation>Datei ö&amp;ffnen…</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="191"/>
        <source>Clea&amp;r</source>
        <translation>&amp;Leeren</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="235"/>
        <source>Private keys</source>
        <translation>Private Schlüssel</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="240"/>
        <source>Key &amp;files, tried in turn:</source>
        <translation>Schlüssel&amp;dateien, der Reihe nach versucht:</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="244"/>
        <source>Key files</source>
        <translation>Schlüsseldateien</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="247"/>
        <source>&amp;Add Key File…</source>
        <translation>Schlüsseldatei &amp;hinzufügen…</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="249"/>
        <source>Remo&amp;ve</source>
        <translation>Ent&amp;fernen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="251"/>
        <source>Forget the selected key file (Delete)</source>
        <translation>Die gewählte Schlüsseldatei vergessen (Entf)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="265"/>
        <source>Reading the key file</source>
        <translation>Schlüsseldatei wird gelesen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="281"/>
        <source>ZITADEL-Signature</source>
        <translation>ZITADEL-Signature</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="285"/>
        <source>Target whose signing key checks the signature</source>
        <translation>Ziel, dessen Signaturschlüssel die Signatur prüft</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="290"/>
        <source>Signing key</source>
        <translation>Signaturschlüssel</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="292"/>
        <source>the target&apos;s signing key</source>
        <translation>der Signaturschlüssel des Ziels</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="296"/>
        <source>Show or hide the signing key</source>
        <translation>Den Signaturschlüssel anzeigen oder verbergen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="294"/>
        <source>Sho&amp;w key</source>
        <translation>Schlüssel an&amp;zeigen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="299"/>
        <source>Don&apos;t enforce the 300 s a&amp;ge</source>
        <translation>Das &amp;Alter von 300 s nicht durchsetzen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="301"/>
        <source>Receivers refuse signatures older than 300 s. For an old capture, turn this on: the age is still shown.</source>
        <translation>Empfänger lehnen Signaturen ab, die älter als 300 s sind. Schalten Sie dies für einen alten Mitschnitt ein: Das Alter wird trotzdem angezeigt.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="310"/>
        <source>entered by hand</source>
        <translation>von Hand eingegeben</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="316"/>
        <source>&amp;Target:</source>
        <translation>&amp;Ziel:</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="318"/>
        <source>Signing &amp;key:</source>
        <translation>Signatur&amp;schlüssel:</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="326"/>
        <source>Instance JWKS (JWT signatures)</source>
        <translation>JWKS der Instanz (JWT-Signaturen)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="332"/>
        <source>F&amp;etch JWKS</source>
        <translation>JWKS a&amp;brufen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="335"/>
        <source>Fetch /oauth/v2/keys from the instance again (F5)</source>
        <translation>/oauth/v2/keys erneut von der Instanz abrufen (F5)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="336"/>
        <source>Load &amp;JWKS File…</source>
        <translation>&amp;JWKS-Datei laden…</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="359"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="361"/>
        <source>&amp;Open Capture…</source>
        <translation>Mitschnitt ö&amp;ffnen…</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="365"/>
        <source>Open a captured payload</source>
        <translation>Eine mitgeschnittene Payload öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="365"/>
        <source>Captures (*.http *.txt *.jwe *.jwt *.json);;All files (*)</source>
        <translation>Mitschnitte (*.http *.txt *.jwe *.jwt *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="370"/>
        <source>Open &amp;JSON-Lines File for Bulk…</source>
        <translation>&amp;JSON-Lines-Datei für den Massenmodus öffnen…</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="374"/>
        <source>Open captured deliveries, one per line</source>
        <translation>Mitgeschnittene Zustellungen öffnen, eine pro Zeile</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="375"/>
        <source>JSON lines (*.jsonl *.ndjson *.txt);;All files (*)</source>
        <translation>JSON Lines (*.jsonl *.ndjson *.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="380"/>
        <source>Add Private &amp;Key File…</source>
        <translation>Datei mit privatem &amp;Schlüssel hinzufügen…</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="384"/>
        <source>Add a private key file</source>
        <translation>Eine Datei mit privatem Schlüssel hinzufügen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="384"/>
        <source>Private keys (*.pem *.key *.json);;All files (*)</source>
        <translation>Private Schlüssel (*.pem *.key *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="389"/>
        <source>Load J&amp;WKS File…</source>
        <translation>J&amp;WKS-Datei laden…</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="392"/>
        <source>Load the instance&apos;s JWKS</source>
        <translation>Das JWKS der Instanz laden</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="392"/>
        <source>JWKS (*.json);;All files (*)</source>
        <translation>JWKS (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="397"/>
        <source>&amp;Fetch JWKS from the Instance</source>
        <translation>JWKS von der Instanz a&amp;brufen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="404"/>
        <source>&amp;Close</source>
        <translation>&amp;Schließen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="408"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="410"/>
        <source>Go to &amp;Input</source>
        <translation>Zur &amp;Eingabe</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="417"/>
        <source>&amp;Search</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="514"/>
        <source>target “%1”, whose endpoint is %2</source>
        <translation>Ziel „%1“, dessen Endpunkt %2 ist</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="553"/>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="757"/>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="842"/>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="557"/>
        <source>%1 is larger than 16 MiB: that is not one delivery. Open it in bulk mode if it holds one per line.</source>
        <translation>%1 ist größer als 16 MiB: Das ist keine einzelne Zustellung. Öffnen Sie sie im Massenmodus, wenn sie eine pro Zeile enthält.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="567"/>
        <source>%1 (%2) is inspected in full but not shown here. Clear to paste something else.</source>
        <translation>%1 (%2) wird vollständig untersucht, aber hier nicht angezeigt. Leeren Sie das Feld, um etwas anderes einzufügen.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="573"/>
        <source>Opened %1.</source>
        <translation>%1 geöffnet.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="593"/>
        <source>Inspected in %1 ms.</source>
        <translation>In %1 ms untersucht.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="652"/>
        <source>target “%1”, found by the key id %2</source>
        <translation>Ziel „%1“, gefunden über die Schlüssel-ID %2</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="682"/>
        <source>The instance did not return a signing key for “%1”.</source>
        <translation>Die Instanz hat keinen Signaturschlüssel für „%1“ geliefert.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="683"/>
        <source>target “%1”</source>
        <translation>Ziel „%1“</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="691"/>
        <source>Automatic (by key id)</source>
        <translation>Automatisch (über die Schlüssel-ID)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="692"/>
        <source>For encrypted payloads, the target whose public key has the JWE key id</source>
        <translation>Bei verschlüsselten Payloads das Ziel, dessen öffentlicher Schlüssel die JWE-Schlüssel-ID hat</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="695"/>
        <source>Entered by hand</source>
        <translation>Von Hand eingegeben</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="699"/>
        <source>Loading targets…</source>
        <translation>Ziele werden geladen…</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="701"/>
        <source>Could not load the targets</source>
        <translation>Die Ziele konnten nicht geladen werden</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="720"/>
        <source>No vault: add the target&apos;s private key file.</source>
        <translation>Kein Tresor: Fügen Sie die Datei mit dem privaten Schlüssel des Ziels hinzu.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="722"/>
        <source>Vault: the key whose key id is the JWE kid is used by itself.</source>
        <translation>Tresor: Der Schlüssel, dessen Schlüssel-ID die JWE-kid ist, wird selbst verwendet.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="724"/>
        <source>Vault: the key whose key id is the JWE kid is used by itself (%1 loaded).</source>
        <translation>Tresor: Der Schlüssel, dessen Schlüssel-ID die JWE-kid ist, wird selbst verwendet (%1 geladen).</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="752"/>
        <source>%1 was not added: %2 is still being read; add the next key file once it is done.</source>
        <translation>%1 wurde nicht hinzugefügt: %2 wird noch gelesen; fügen Sie die nächste Schlüsseldatei hinzu, sobald das erledigt ist.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="759"/>
        <source>%1 is too large to be a key file.</source>
        <translation>%1 ist zu groß für eine Schlüsseldatei.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="771"/>
        <source>Reading %1…</source>
        <translation>%1 wird gelesen…</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="795"/>
        <source>Decrypting %1…</source>
        <translation>%1 wird entschlüsselt…</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="811"/>
        <source>%1 was not added: %2</source>
        <translation>%1 wurde nicht hinzugefügt: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="815"/>
        <source>Added %1 (%2).</source>
        <translation>%1 hinzugefügt (%2).</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/inspectorwindow.cpp" line="847"/>
        <source>%1 is not a usable JWKS: %2</source>
        <translation>%1 ist kein verwendbares JWKS: %2</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::JsonTreeView</name>
    <message>
        <location filename="../app/gui/inspector/jsontreeview.cpp" line="74"/>
        <source>Search the payload</source>
        <translation>Die Payload durchsuchen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/jsontreeview.cpp" line="75"/>
        <source>Search keys and values</source>
        <translation>Schlüssel und Werte durchsuchen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/jsontreeview.cpp" line="80"/>
        <source>Payload as a tree</source>
        <translation>Payload als Baum</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/jsontreeview.cpp" line="98"/>
        <location filename="../app/gui/inspector/jsontreeview.cpp" line="236"/>
        <location filename="../app/gui/inspector/jsontreeview.cpp" line="243"/>
        <source>&amp;Copy Value</source>
        <translation>Wert &amp;kopieren</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/jsontreeview.cpp" line="102"/>
        <source>Copy the value, or the whole subtree as JSON</source>
        <translation>Den Wert oder den ganzen Teilbaum als JSON kopieren</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/jsontreeview.cpp" line="106"/>
        <source>Copy &amp;Path</source>
        <translation>&amp;Pfad kopieren</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/jsontreeview.cpp" line="113"/>
        <source>&amp;Expand All</source>
        <translation>Alle &amp;ausklappen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/jsontreeview.cpp" line="116"/>
        <source>C&amp;ollapse All</source>
        <translation>Alle &amp;einklappen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/jsontreeview.cpp" line="180"/>
        <source>Copied %1 as JSON.</source>
        <translation>%1 als JSON kopiert.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/jsontreeview.cpp" line="181"/>
        <source>Copied the value of %1.</source>
        <translation>Der Wert von %1 wurde kopiert.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/jsontreeview.cpp" line="190"/>
        <source>Copied the path %1.</source>
        <translation>Den Pfad %1 kopiert.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/jsontreeview.cpp" line="221"/>
        <source>No match</source>
        <translation>Kein Treffer</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/jsontreeview.cpp" line="223"/>
        <source>Shown in part: the payload is very large</source>
        <translation>Teilweise angezeigt: Die Payload ist sehr groß</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/jsontreeview.cpp" line="236"/>
        <source>&amp;Copy Subtree as JSON</source>
        <translation>Teilbaum als JSON &amp;kopieren</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::KeyManagement</name>
    <message>
        <location filename="../app/gui/keys/keymanagement.cpp" line="50"/>
        <source>Public Keys</source>
        <translation>Öffentliche Schlüssel</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keymanagement.cpp" line="52"/>
        <source>Public keys</source>
        <translation>Öffentliche Schlüssel</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keymanagement.cpp" line="60"/>
        <source>Show &amp;Public Keys</source>
        <translation>Öffentliche &amp;Schlüssel anzeigen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keymanagement.cpp" line="63"/>
        <source>Show the public keys of the selected target</source>
        <translation>Die öffentlichen Schlüssel des gewählten Ziels anzeigen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keymanagement.cpp" line="66"/>
        <source>&amp;Emergency: Deactivate All Active Keys…</source>
        <translation>&amp;Notfall: Alle aktiven Schlüssel deaktivieren…</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keymanagement.cpp" line="68"/>
        <source>Emergency: Deactivate All Keys</source>
        <translation>Notfall: Alle Schlüssel deaktivieren</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keymanagement.cpp" line="69"/>
        <source>Deactivate every active public key of every target of this instance</source>
        <translation>Jeden aktiven öffentlichen Schlüssel jedes Ziels dieser Instanz deaktivieren</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keymanagement.cpp" line="73"/>
        <source>&amp;Audit Log</source>
        <translation>&amp;Audit-Log</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keymanagement.cpp" line="76"/>
        <source>Every key operation done on this machine</source>
        <translation>Jeder Schlüsselvorgang auf diesem Rechner</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keymanagement.cpp" line="80"/>
        <source>&amp;Keys</source>
        <translation>&amp;Schlüssel</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keymanagement.cpp" line="101"/>
        <source>Key Panel</source>
        <translation>Schlüsselbereich</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keymanagement.cpp" line="105"/>
        <source>Keys</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keymanagement.cpp" line="231"/>
        <source>Emergency: Deactivate All Active Keys</source>
        <translation>Notfall: Alle aktiven Schlüssel deaktivieren</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keymanagement.cpp" line="232"/>
        <source>Deactivate every active public key of every target on %1?</source>
        <translation>Jeden aktiven öffentlichen Schlüssel jedes Ziels auf %1 deaktivieren?</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keymanagement.cpp" line="233"/>
        <source>ZITADEL stops sending JWE payloads to every target until a new key is activated on it. Private keys stay in the vault. Each deactivation is recorded in the audit log.</source>
        <translation>ZITADEL sendet keinem Ziel mehr JWE-Payloads, bis darauf ein neuer Schlüssel aktiviert ist. Private Schlüssel bleiben im Tresor. Jede Deaktivierung wird im Audit-Log festgehalten.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keymanagement.cpp" line="235"/>
        <source>Deactivate All Keys</source>
        <translation>Alle Schlüssel deaktivieren</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keymanagement.cpp" line="236"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::KeyOperations</name>
    <message>
        <location filename="../app/gui/keys/keyoperations.cpp" line="22"/>
        <location filename="../app/gui/keys/keyoperations.cpp" line="35"/>
        <source>No vault is configured, so private keys cannot be kept on this machine.</source>
        <translation>Es ist kein Tresor eingerichtet, daher können private Schlüssel nicht auf diesem Rechner aufbewahrt werden.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keyoperations.cpp" line="44"/>
        <location filename="../app/gui/keys/keyoperations.cpp" line="73"/>
        <source>Checking the keychain…</source>
        <translation>Der Schlüsselbund wird geprüft…</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keyoperations.cpp" line="88"/>
        <source>The keychain cannot be used, so private keys cannot be kept on this machine: %1</source>
        <translation>Der Schlüsselbund ist nicht verwendbar, daher können private Schlüssel nicht auf diesem Rechner aufbewahrt werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keyoperations.cpp" line="144"/>
        <source>Key %1 was NOT deactivated: %2</source>
        <translation>Schlüssel %1 wurde NICHT deaktiviert: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keyoperations.cpp" line="148"/>
        <source>Key %1 deactivated at %2. ZITADEL no longer encrypts with it: JWE payloads to this target stop until a new key is active.</source>
        <translation>Schlüssel %1 am %2 deaktiviert. ZITADEL verschlüsselt nicht mehr damit: JWE-Payloads an dieses Ziel bleiben aus, bis ein neuer Schlüssel aktiv ist.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keyoperations.cpp" line="160"/>
        <source>Key %1 was not activated: %2</source>
        <translation>Schlüssel %1 wurde nicht aktiviert: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keyoperations.cpp" line="164"/>
        <source>Key %1 is now active; any key active before is inactive (and kept).</source>
        <translation>Schlüssel %1 ist jetzt aktiv; ein zuvor aktiver Schlüssel ist inaktiv (und bleibt erhalten).</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keyoperations.cpp" line="173"/>
        <source>Key %1 was not removed: %2</source>
        <translation>Schlüssel %1 wurde nicht entfernt: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keyoperations.cpp" line="176"/>
        <source>Key %1 removed from ZITADEL.</source>
        <translation>Schlüssel %1 aus ZITADEL entfernt.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keyoperations.cpp" line="178"/>
        <source>The vault keeps its private key, so payloads captured earlier can still be decrypted.</source>
        <translation>Der Tresor behält seinen privaten Schlüssel, sodass früher mitgeschnittene Payloads weiter entschlüsselt werden können.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keyoperations.cpp" line="195"/>
        <source>The private key %1 was deleted from this machine&apos;s vault.</source>
        <translation>Der private Schlüssel %1 wurde aus dem Tresor dieses Rechners gelöscht.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keyoperations.cpp" line="196"/>
        <source>The private key %1 was not deleted: %2</source>
        <translation>Der private Schlüssel %1 wurde nicht gelöscht: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keyoperations.cpp" line="223"/>
        <source>Not generated: %1 A key pair whose private key is lost would make payloads unreadable.</source>
        <translation>Nicht erzeugt: %1 Ein Schlüsselpaar, dessen privater Schlüssel verloren ist, würde Payloads unlesbar machen.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keyoperations.cpp" line="239"/>
        <source>Generating an %1 key… (RSA keys take a few seconds)</source>
        <translation>Ein %1-Schlüssel wird erzeugt… (RSA-Schlüssel brauchen einige Sekunden)</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keyoperations.cpp" line="241"/>
        <source>Generating an %1 key…</source>
        <translation>Ein %1-Schlüssel wird erzeugt…</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keyoperations.cpp" line="291"/>
        <source>The key pair could not be generated: %1</source>
        <translation>Das Schlüsselpaar konnte nicht erzeugt werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keyoperations.cpp" line="244"/>
        <source>Storing the private key in the vault…</source>
        <translation>Der private Schlüssel wird im Tresor gespeichert…</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keyoperations.cpp" line="295"/>
        <source>The private key could not be stored in the vault, so nothing was added to ZITADEL: %1</source>
        <translation>Der private Schlüssel konnte nicht im Tresor gespeichert werden, daher wurde ZITADEL nichts hinzugefügt: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keyoperations.cpp" line="208"/>
        <location filename="../app/gui/keys/keyoperations.cpp" line="248"/>
        <source>Adding the public key to ZITADEL…</source>
        <translation>Der öffentliche Schlüssel wird ZITADEL hinzugefügt…</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keyoperations.cpp" line="300"/>
        <source>ZITADEL did not add the key: %1</source>
        <translation>ZITADEL hat den Schlüssel nicht hinzugefügt: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keyoperations.cpp" line="302"/>
        <source>The private key stays in the vault, unused.</source>
        <translation>Der private Schlüssel bleibt ungenutzt im Tresor.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keyoperations.cpp" line="278"/>
        <source>Key %1 added (inactive).</source>
        <translation>Schlüssel %1 hinzugefügt (inaktiv).</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keyoperations.cpp" line="280"/>
        <source>Its private key is in this machine&apos;s vault.</source>
        <translation>Sein privater Schlüssel liegt im Tresor dieses Rechners.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keyoperations.cpp" line="282"/>
        <source>The vault could not record its key id: %1</source>
        <translation>Der Tresor konnte seine Schlüssel-ID nicht festhalten: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keyoperations.cpp" line="207"/>
        <location filename="../app/gui/keys/keyoperations.cpp" line="251"/>
        <source>Activating key %1…</source>
        <translation>Schlüssel %1 wird aktiviert…</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keyoperations.cpp" line="309"/>
        <source>But it was not activated: %1 The key active before stays active.</source>
        <translation>Er wurde aber nicht aktiviert: %1 Der zuvor aktive Schlüssel bleibt aktiv.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keyoperations.cpp" line="268"/>
        <source>Rotated: key %1 is now active. The key active before is inactive and kept until you remove it; the vault keeps both private keys.</source>
        <translation>Rotiert: Schlüssel %1 ist jetzt aktiv. Der zuvor aktive Schlüssel ist inaktiv und bleibt, bis Sie ihn entfernen; der Tresor behält beide privaten Schlüssel.</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::KeyPanel</name>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="52"/>
        <source>Public keys</source>
        <translation>Öffentliche Schlüssel</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="82"/>
        <source>Another target: %1</source>
        <translation>Ein anderes Ziel: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="140"/>
        <source>&amp;Deactivate Active Key Now</source>
        <translation>Aktiven Schlüssel jetzt &amp;deaktivieren</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="141"/>
        <source>Deactivate the target&apos;s active key at once, without a question (break-glass)</source>
        <translation>Den aktiven Schlüssel des Ziels sofort deaktivieren, ohne Rückfrage (Notfall)</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="145"/>
        <source>&amp;Activate Key…</source>
        <translation>Schlüssel &amp;aktivieren…</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="146"/>
        <source>Make the selected key the active key; the key active now is deactivated in the same step</source>
        <translation>Den gewählten Schlüssel zum aktiven machen; der jetzt aktive Schlüssel wird im selben Schritt deaktiviert</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="151"/>
        <source>&amp;Remove Key…</source>
        <translation>Schlüssel &amp;entfernen…</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="151"/>
        <location filename="../app/gui/keys/keypanel.cpp" line="601"/>
        <source>Remove the selected key from ZITADEL</source>
        <translation>Den gewählten Schlüssel aus ZITADEL entfernen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="157"/>
        <source>R&amp;otate Key…</source>
        <translation>Schlüssel r&amp;otieren…</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="158"/>
        <source>Generate a new key, add and activate it; the old key stays inactive until you remove it</source>
        <translation>Einen neuen Schlüssel erzeugen, hinzufügen und aktivieren; der alte bleibt inaktiv, bis Sie ihn entfernen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="161"/>
        <source>&amp;Generate Key…</source>
        <translation>Schlüssel &amp;erzeugen…</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="162"/>
        <source>Generate a key pair here; the private key goes to this machine&apos;s vault</source>
        <translation>Hier ein Schlüsselpaar erzeugen; der private Schlüssel kommt in den Tresor dieses Rechners</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="165"/>
        <source>Add Public Key from &amp;PEM…</source>
        <translation>Öffentlichen Schlüssel aus &amp;PEM hinzufügen…</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="166"/>
        <source>Paste or drop a public key made elsewhere</source>
        <translation>Einen anderswo erstellten öffentlichen Schlüssel einfügen oder ablegen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="169"/>
        <source>Copy Key &amp;ID</source>
        <translation>Schlüssel-&amp;ID kopieren</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="169"/>
        <source>Copy the key id (the JWE kid)</source>
        <translation>Die Schlüssel-ID (die JWE-kid) kopieren</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="175"/>
        <source>Copy &amp;Fingerprint</source>
        <translation>&amp;Fingerabdruck kopieren</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="175"/>
        <source>Copy the SHA-256 fingerprint</source>
        <translation>Den SHA-256-Fingerabdruck kopieren</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="180"/>
        <source>Re&amp;load Keys</source>
        <translation>Schlüssel neu &amp;laden</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="180"/>
        <source>List the target&apos;s keys again</source>
        <translation>Die Schlüssel des Ziels erneut auflisten</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="197"/>
        <source>Active key</source>
        <translation>Aktiver Schlüssel</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="205"/>
        <location filename="../app/gui/keys/keypanel.cpp" line="557"/>
        <source>Deactivate key now</source>
        <translation>Schlüssel jetzt deaktivieren</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="207"/>
        <source>Deactivate the active key now</source>
        <translation>Den aktiven Schlüssel jetzt deaktivieren</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="209"/>
        <source>Acts at once, without a question. JWE payloads to this target stop until a new key is active.</source>
        <translation>Wirkt sofort, ohne Rückfrage. JWE-Payloads an dieses Ziel bleiben aus, bis ein neuer Schlüssel aktiv ist.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="253"/>
        <source>Vault notice</source>
        <translation>Hinweis zum Tresor</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="256"/>
        <source>Private key notice</source>
        <translation>Hinweis zum privaten Schlüssel</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="263"/>
        <location filename="../app/gui/keys/keypanel.cpp" line="267"/>
        <source>Delete Private Key</source>
        <translation>Privaten Schlüssel löschen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="264"/>
        <source>Delete the private key of removed key %1 from this machine&apos;s vault?</source>
        <translation>Den privaten Schlüssel des entfernten Schlüssels %1 aus dem Tresor dieses Rechners löschen?</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="265"/>
        <source>Payloads captured earlier that were encrypted to this key can then no longer be decrypted here. This cannot be undone.</source>
        <translation>Früher mitgeschnittene Payloads, die an diesen Schlüssel verschlüsselt wurden, lassen sich dann hier nicht mehr entschlüsseln. Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="268"/>
        <source>Keep It</source>
        <translation>Behalten</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="278"/>
        <source>Public keys of the target</source>
        <translation>Öffentliche Schlüssel des Ziels</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="288"/>
        <source>Key columns</source>
        <translation>Schlüsselspalten</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="832"/>
        <source>Active but expired</source>
        <translation>Aktiv, aber abgelaufen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="837"/>
        <source>expired 365 days ago (2000-00-00 00:00)</source>
        <translation>vor 365 Tagen abgelaufen (2000-00-00 00:00)</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="839"/>
        <source>On this machine</source>
        <translation>Auf diesem Rechner</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="307"/>
        <source>Timeline:</source>
        <translation>Zeitleiste:</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="313"/>
        <source>Activate…</source>
        <translation>Aktivieren…</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="315"/>
        <source>Activate the selected key</source>
        <translation>Den gewählten Schlüssel aktivieren</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="317"/>
        <source>Remove…</source>
        <translation>Entfernen…</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="319"/>
        <source>Remove the selected key</source>
        <translation>Den gewählten Schlüssel entfernen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="321"/>
        <source>Rotate…</source>
        <translation>Rotieren…</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="323"/>
        <source>Rotate the key</source>
        <translation>Den Schlüssel rotieren</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="391"/>
        <source>Public keys of “%1”</source>
        <translation>Öffentliche Schlüssel von „%1“</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="402"/>
        <source>Loading the keys…</source>
        <translation>Die Schlüssel werden geladen…</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="414"/>
        <source>Select a single target to see its public keys.</source>
        <translation>Wählen Sie ein einzelnes Ziel, um seine öffentlichen Schlüssel zu sehen.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="415"/>
        <source>Select a target to see its public keys.</source>
        <translation>Wählen Sie ein Ziel, um seine öffentlichen Schlüssel zu sehen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/keys/keypanel.cpp" line="436"/>
        <source>%n key(s)</source>
        <translation>
            <numerusform>%n Schlüssel</numerusform>
            <numerusform>%n Schlüssel</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="452"/>
        <source>Could not list the keys: %1</source>
        <translation>Die Schlüssel konnten nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="515"/>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="533"/>
        <source>Reading the keys…</source>
        <translation>Die Schlüssel werden gelesen…</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="536"/>
        <source>No active key: ZITADEL sends nothing to this JWE target until a key is activated.</source>
        <translation>Kein aktiver Schlüssel: ZITADEL sendet diesem JWE-Ziel nichts, bis ein Schlüssel aktiviert ist.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="537"/>
        <source>No active key. ZITADEL needs one only when the payload type is JWE.</source>
        <translation>Kein aktiver Schlüssel. ZITADEL braucht einen nur, wenn der Payload-Typ JWE ist.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="541"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="543"/>
        <source>Key %1 is marked active but has expired: ZITADEL no longer uses it and sends this target nothing.</source>
        <translation>Schlüssel %1 ist als aktiv markiert, aber abgelaufen: ZITADEL verwendet ihn nicht mehr und sendet diesem Ziel nichts.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="547"/>
        <source>Key %1 is active: ZITADEL encrypts this target&apos;s payloads with it. If it is compromised, deactivate it now; JWE payloads to this target then stop until a new key is active.</source>
        <translation>Schlüssel %1 ist aktiv: ZITADEL verschlüsselt die Payloads dieses Ziels damit. Ist er kompromittiert, deaktivieren Sie ihn jetzt; JWE-Payloads an dieses Ziel bleiben dann aus, bis ein neuer Schlüssel aktiv ist.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="551"/>
        <source>It expires %1.</source>
        <translation>Er läuft %1 ab.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="557"/>
        <source>Deactivating…</source>
        <translation>Wird deaktiviert…</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="591"/>
        <source>Select a key to activate</source>
        <translation>Wählen Sie einen Schlüssel zum Aktivieren</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="592"/>
        <source>This key is already active</source>
        <translation>Dieser Schlüssel ist bereits aktiv</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="593"/>
        <source>Expired keys cannot be activated</source>
        <translation>Abgelaufene Schlüssel können nicht aktiviert werden</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="594"/>
        <source>Make key %1 the active key; any key active now is deactivated in the same step</source>
        <translation>Schlüssel %1 zum aktiven machen; ein jetzt aktiver Schlüssel wird im selben Schritt deaktiviert</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="599"/>
        <source>The active key cannot be removed; deactivate it or activate another key first</source>
        <translation>Der aktive Schlüssel kann nicht entfernt werden; deaktivieren Sie ihn zuerst oder aktivieren Sie einen anderen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="605"/>
        <source>Generate a new key, add and activate it; the old key stays inactive</source>
        <translation>Einen neuen Schlüssel erzeugen, hinzufügen und aktivieren; der alte bleibt inaktiv</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="625"/>
        <source>Generating is off: %1 Generate the key pair elsewhere and paste its public key.</source>
        <translation>Erzeugen ist ausgeschaltet: %1 Erzeugen Sie das Schlüsselpaar anderswo und fügen Sie seinen öffentlichen Schlüssel ein.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="629"/>
        <source>%1 Server-side key operations work; generating keys here is off.</source>
        <translation>%1 Schlüsselvorgänge auf dem Server funktionieren; das Erzeugen von Schlüsseln hier ist ausgeschaltet.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="653"/>
        <source>Key %1 is already active.</source>
        <translation>Schlüssel %1 ist bereits aktiv.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="657"/>
        <source>Key %1 has expired; ZITADEL refuses to activate expired keys.</source>
        <translation>Schlüssel %1 ist abgelaufen; ZITADEL lehnt es ab, abgelaufene Schlüssel zu aktivieren.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="665"/>
        <source>Activate Key</source>
        <translation>Schlüssel aktivieren</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="666"/>
        <source>Activate key %1 for “%2”?</source>
        <translation>Schlüssel %1 für „%2“ aktivieren?</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="669"/>
        <source>Key %1, active now, is deactivated in the same step (it is kept, inactive).</source>
        <translation>Schlüssel %1, der jetzt aktiv ist, wird im selben Schritt deaktiviert (er bleibt inaktiv erhalten).</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="670"/>
        <source>From then on ZITADEL encrypts payloads with key %1: the receiver must be able to decrypt with its private key.</source>
        <translation>Ab dann verschlüsselt ZITADEL Payloads mit Schlüssel %1: Der Empfänger muss mit seinem privaten Schlüssel entschlüsseln können.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="674"/>
        <source>This machine&apos;s vault does not hold its private key.</source>
        <translation>Der Tresor dieses Rechners enthält seinen privaten Schlüssel nicht.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="676"/>
        <source>Activate Key %1</source>
        <translation>Schlüssel %1 aktivieren</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="692"/>
        <source>Key %1 is the active key and cannot be removed: ZITADEL refuses to remove an active key. Activate another key first, or deactivate it (Deactivate key now).</source>
        <translation>Schlüssel %1 ist der aktive Schlüssel und kann nicht entfernt werden: ZITADEL lehnt es ab, einen aktiven Schlüssel zu entfernen. Aktivieren Sie zuerst einen anderen Schlüssel oder deaktivieren Sie ihn (Schlüssel jetzt deaktivieren).</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="701"/>
        <location filename="../app/gui/keys/keypanel.cpp" line="706"/>
        <source>Remove Key</source>
        <translation>Schlüssel entfernen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="702"/>
        <source>Remove key %1 from “%2”?</source>
        <translation>Schlüssel %1 aus „%2“ entfernen?</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="703"/>
        <source>The vault on this machine keeps its private key, so payloads captured earlier can still be decrypted; deleting it is a separate step.</source>
        <translation>Der Tresor auf diesem Rechner behält seinen privaten Schlüssel, sodass früher mitgeschnittene Payloads weiter entschlüsselt werden können; ihn zu löschen ist ein eigener Schritt.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="705"/>
        <source>This machine does not hold its private key.</source>
        <translation>Dieser Rechner hat seinen privaten Schlüssel nicht.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="707"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="734"/>
        <source>Key %1 is gone from ZITADEL; this machine&apos;s vault still holds its private key so payloads captured earlier can be decrypted.</source>
        <translation>Schlüssel %1 ist aus ZITADEL entfernt; der Tresor dieses Rechners enthält noch seinen privaten Schlüssel, sodass früher mitgeschnittene Payloads entschlüsselt werden können.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keypanel.cpp" line="737"/>
        <source>Delete Private Key…</source>
        <translation>Privaten Schlüssel löschen…</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::KeyTimeline</name>
    <message>
        <location filename="../app/gui/keys/keytimeline.cpp" line="135"/>
        <source>Key timeline</source>
        <translation>Zeitleiste der Schlüssel</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keytimeline.cpp" line="139"/>
        <source>No keys yet.</source>
        <translation>Noch keine Schlüssel.</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keytimeline.cpp" line="192"/>
        <source>Key %1</source>
        <translation>Schlüssel %1</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keytimeline.cpp" line="192"/>
        <source>Key %1 · %2</source>
        <translation>Schlüssel %1 · %2</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keytimeline.cpp" line="193"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location filename="../app/gui/keys/keytimeline.cpp" line="196"/>
        <source> · private key here</source>
        <translation> · privater Schlüssel hier</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::ListenModel</name>
    <message>
        <location filename="../app/gui/inspector/listenmodel.cpp" line="105"/>
        <source>not encrypted</source>
        <translation>unverschlüsselt</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenmodel.cpp" line="107"/>
        <source>Decrypted</source>
        <translation>Entschlüsselt</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenmodel.cpp" line="108"/>
        <source>Not decrypted</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenmodel.cpp" line="113"/>
        <source>no JWT</source>
        <translation>kein JWT</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenmodel.cpp" line="115"/>
        <source>Verified</source>
        <translation>Geprüft</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenmodel.cpp" line="117"/>
        <location filename="../app/gui/inspector/listenmodel.cpp" line="135"/>
        <source>Invalid</source>
        <translation>Ungültig</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenmodel.cpp" line="118"/>
        <source>Not checked</source>
        <translation>Nicht geprüft</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenmodel.cpp" line="122"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenmodel.cpp" line="124"/>
        <source>No key</source>
        <translation>Kein Schlüssel</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenmodel.cpp" line="127"/>
        <source>Valid</source>
        <translation>Gültig</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenmodel.cpp" line="129"/>
        <source>Too old</source>
        <translation>Zu alt</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenmodel.cpp" line="131"/>
        <source>Malformed</source>
        <translation>Fehlerhaft</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenmodel.cpp" line="164"/>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenmodel.cpp" line="177"/>
        <source>From %1</source>
        <translation>Von %1</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenmodel.cpp" line="188"/>
        <source>inspecting…</source>
        <translation>wird untersucht…</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenmodel.cpp" line="197"/>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenmodel.cpp" line="211"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenmodel.cpp" line="213"/>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenmodel.cpp" line="215"/>
        <source>Delivery</source>
        <translation>Zustellung</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenmodel.cpp" line="217"/>
        <source>Decryption</source>
        <translation>Entschlüsselung</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenmodel.cpp" line="219"/>
        <source>JWT signature</source>
        <translation>JWT-Signatur</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenmodel.cpp" line="221"/>
        <source>ZITADEL-Signature</source>
        <translation>ZITADEL-Signature</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::ListenView</name>
    <message>
        <location filename="../app/gui/inspector/listenview.cpp" line="35"/>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenview.cpp" line="38"/>
        <source>Port to listen on</source>
        <translation>Port, auf dem gelauscht wird</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenview.cpp" line="41"/>
        <source>The port on 127.0.0.1 where deliveries are received; point a target&apos;s endpoint at it</source>
        <translation>Der Port auf 127.0.0.1, auf dem Zustellungen empfangen werden; richten Sie den Endpunkt eines Ziels darauf</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenview.cpp" line="44"/>
        <location filename="../app/gui/inspector/listenview.cpp" line="203"/>
        <source>&amp;Start Listening</source>
        <translation>Empfang s&amp;tarten</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenview.cpp" line="46"/>
        <source>Start or stop listening</source>
        <translation>Empfang starten oder anhalten</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenview.cpp" line="56"/>
        <source>Listening address</source>
        <translation>Empfangsadresse</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenview.cpp" line="60"/>
        <source>C&amp;lear List</source>
        <translation>Liste &amp;leeren</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenview.cpp" line="62"/>
        <source>Clear the received deliveries</source>
        <translation>Die Liste der empfangenen Zustellungen leeren</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenview.cpp" line="66"/>
        <location filename="../app/gui/inspector/listenview.cpp" line="116"/>
        <source>Deliveries appear here as they arrive.</source>
        <translation>Zustellungen erscheinen hier, sobald sie eintreffen.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenview.cpp" line="72"/>
        <source>Listening problem</source>
        <translation>Problem beim Empfang</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenview.cpp" line="88"/>
        <source>Received deliveries</source>
        <translation>Empfangene Zustellungen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenview.cpp" line="134"/>
        <source>Refused a request from %1: %2</source>
        <translation>Anfrage von %1 abgelehnt: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenview.cpp" line="160"/>
        <source>Cannot listen on port %1: %2. Another program (or another Targetdesk) may be using it: stop it, or choose another port and point the target there.</source>
        <translation>Auf Port %1 kann nicht gelauscht werden: %2. Womöglich verwendet ihn ein anderes Programm (oder ein anderes Targetdesk): Beenden Sie es, oder wählen Sie einen anderen Port und richten Sie das Ziel darauf.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenview.cpp" line="163"/>
        <source>the port is not available</source>
        <translation>der Port ist nicht verfügbar</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenview.cpp" line="176"/>
        <source>Listening on %1</source>
        <translation>Empfang auf %1</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenview.cpp" line="187"/>
        <source>Stopped listening.</source>
        <translation>Empfang angehalten.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenview.cpp" line="203"/>
        <source>&amp;Stop Listening</source>
        <translation>Empfang anhal&amp;ten</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenview.cpp" line="208"/>
        <source>Listening on %1 — waiting for the first delivery. Answers 200 {}.</source>
        <translation>Empfang auf %1 — wartet auf die erste Zustellung. Antwortet 200 {}.</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/inspector/listenview.cpp" line="209"/>
        <source>Listening on %1 — %Ln received.</source>
        <translation>
            <numerusform>Empfang auf %1 — %Ln Zustellung empfangen.</numerusform>
            <numerusform>Empfang auf %1 — %Ln Zustellungen empfangen.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenview.cpp" line="211"/>
        <source>Not listening. Start, then send a test delivery to a target whose endpoint is http://127.0.0.1:%1/.</source>
        <translation>Kein Empfang. Starten Sie ihn, und senden Sie dann eine Testzustellung an ein Ziel, dessen Endpunkt http://127.0.0.1:%1/ ist.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector/listenview.cpp" line="277"/>
        <source>Inspecting the delivery to %1…</source>
        <translation>Die Zustellung an %1 wird untersucht…</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::LocalReceiverSeed</name>
    <message>
        <location filename="../app/gui/shell/localreceiverseed.cpp" line="27"/>
        <source>no vault</source>
        <translation>kein Tresor</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/localreceiverseed.cpp" line="82"/>
        <source>the key was not kept in the vault or not activated</source>
        <translation>der Schlüssel wurde nicht im Tresor aufbewahrt oder nicht aktiviert</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::MainWindow</name>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="51"/>
        <location filename="../app/gui/shell/mainwindow.cpp" line="168"/>
        <source>Targetdesk — %1</source>
        <translation>Targetdesk — %1</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="52"/>
        <source>Targetdesk</source>
        <translation>Targetdesk</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="121"/>
        <source>Warning: the audit log was not written: %1</source>
        <translation>Warnung: Das Audit-Log wurde nicht geschrieben: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="122"/>
        <source>⚠ Audit log not written</source>
        <translation>⚠ Audit-Log nicht geschrieben</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="140"/>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="149"/>
        <source>Connection &amp;Profiles…</source>
        <translation>Verbindungs&amp;profile…</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="169"/>
        <location filename="../app/gui/shell/mainwindow.cpp" line="363"/>
        <source>Connected to %1</source>
        <translation>Verbunden mit %1</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="190"/>
        <source>The local sandbox could not start: %1</source>
        <translation>Die lokale Sandbox konnte nicht starten: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="234"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="239"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="244"/>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="254"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="256"/>
        <source>&amp;Targets</source>
        <translation>&amp;Ziele</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="261"/>
        <source>E&amp;xecutions</source>
        <translation>A&amp;usführungen</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="279"/>
        <source>&amp;Tools</source>
        <translation>E&amp;xtras</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="281"/>
        <source>Payload &amp;Inspector…</source>
        <translation>Payload-&amp;Inspektor…</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="286"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="288"/>
        <source>&amp;About Targetdesk</source>
        <translation>&amp;Über Targetdesk</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="291"/>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="328"/>
        <source>Listen mode started on port %1 for the test delivery.</source>
        <translation>Empfang auf Port %1 für die Testzustellung gestartet.</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="349"/>
        <source>Loading progress</source>
        <translation>Ladefortschritt</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="393"/>
        <source>Open the checks</source>
        <translation>Die Prüfungen öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="526"/>
        <source>Loading %1 of %2</source>
        <translation>%1 von %2 geladen</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="531"/>
        <source>About Targetdesk</source>
        <translation>Über Targetdesk</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="532"/>
        <source>&lt;h3&gt;Targetdesk %1&lt;/h3&gt;&lt;p&gt;A desktop console for ZITADEL Actions v2 targets: the endpoints ZITADEL calls when an execution matches.&lt;/p&gt;&lt;p&gt;Connected to %2.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Targetdesk %1&lt;/h3&gt;&lt;p&gt;Eine Desktop-Konsole für ZITADEL-Actions-v2-Ziele: die Endpunkte, die ZITADEL aufruft, wenn eine Ausführung zutrifft.&lt;/p&gt;&lt;p&gt;Verbunden mit %2.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::NoticeBar</name>
    <message>
        <location filename="../app/gui/widgets/noticebar.cpp" line="18"/>
        <source>Notice</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <location filename="../app/gui/widgets/noticebar.cpp" line="25"/>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <location filename="../app/gui/widgets/noticebar.cpp" line="33"/>
        <location filename="../app/gui/widgets/noticebar.cpp" line="57"/>
        <source>Notice action</source>
        <translation>Aktion zum Hinweis</translation>
    </message>
    <message>
        <location filename="../app/gui/widgets/noticebar.cpp" line="37"/>
        <source>Dismiss notice</source>
        <translation>Hinweis schließen</translation>
    </message>
    <message>
        <location filename="../app/gui/widgets/noticebar.cpp" line="38"/>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::ProfileSwitcher</name>
    <message>
        <location filename="../app/gui/connections/profileswitcher.cpp" line="56"/>
        <source>&amp;Connection:</source>
        <translation>&amp;Verbindung:</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profileswitcher.cpp" line="59"/>
        <source>Connection profile</source>
        <translation>Verbindungsprofil</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profileswitcher.cpp" line="60"/>
        <source>The ZITADEL instance this window acts on (Ctrl+Shift+P)</source>
        <translation>Die ZITADEL-Instanz, auf die dieses Fenster wirkt (Strg+Umschalt+P)</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profileswitcher.cpp" line="68"/>
        <source>⚠ Insecure: plain http</source>
        <translation>⚠ Unsicher: reines http</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profileswitcher.cpp" line="69"/>
        <source>Warning: this profile allows plain http</source>
        <translation>Warnung: Dieses Profil erlaubt reines http</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profileswitcher.cpp" line="70"/>
        <source>Tokens and keys travel unencrypted to this instance.</source>
        <translation>Tokens und Schlüssel gehen unverschlüsselt zu dieser Instanz.</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profileswitcher.cpp" line="74"/>
        <source>Profiles…</source>
        <translation>Profile…</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profileswitcher.cpp" line="75"/>
        <source>Manage connection profiles</source>
        <translation>Verbindungsprofile verwalten</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profileswitcher.cpp" line="76"/>
        <source>Add, edit, test and remove connection profiles</source>
        <translation>Verbindungsprofile hinzufügen, bearbeiten, testen und entfernen</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profileswitcher.cpp" line="103"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profileswitcher.cpp" line="114"/>
        <source>%1 — insecure</source>
        <translation>%1 — unsicher</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profileswitcher.cpp" line="119"/>
        <source>No local sandbox runs in this window</source>
        <translation>In diesem Fenster läuft keine lokale Sandbox</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profileswitcher.cpp" line="162"/>
        <source>There is no profile with this id any more.</source>
        <translation>Es gibt kein Profil mit dieser ID mehr.</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profileswitcher.cpp" line="192"/>
        <source>Cannot switch to &quot;%1&quot;: %2</source>
        <translation>Wechsel zu „%1“ nicht möglich: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profileswitcher.cpp" line="223"/>
        <source>Cannot switch to the sandbox: %1</source>
        <translation>Wechsel zur Sandbox nicht möglich: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profileswitcher.cpp" line="240"/>
        <source>Acting on %1</source>
        <translation>Wirkt auf %1</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profileswitcher.cpp" line="241"/>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::ProfilesDialog</name>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="46"/>
        <source>The file is too large.</source>
        <translation>Die Datei ist zu groß.</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="55"/>
        <source>%1 (built in)</source>
        <translation>%1 (eingebaut)</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="56"/>
        <source>%1 — insecure</source>
        <translation>%1 — unsicher</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="65"/>
        <source>Connection Profiles</source>
        <translation>Verbindungsprofile</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="84"/>
        <source>&amp;Profiles:</source>
        <translation>&amp;Profile:</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="87"/>
        <source>Profiles</source>
        <translation>Profile</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="93"/>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="95"/>
        <source>Add profile</source>
        <translation>Profil hinzufügen</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="96"/>
        <source>D&amp;uplicate</source>
        <translation>D&amp;uplizieren</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="98"/>
        <source>Duplicate profile</source>
        <translation>Profil duplizieren</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="99"/>
        <source>&amp;Remove…</source>
        <translation>&amp;Entfernen…</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="101"/>
        <source>Remove profile</source>
        <translation>Profil entfernen</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="110"/>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="114"/>
        <source>Profile name</source>
        <translation>Profilname</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="115"/>
        <source>e.g. Production</source>
        <translation>z. B. Produktion</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="116"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="119"/>
        <source>Instance URL</source>
        <translation>Instanz-URL</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="121"/>
        <source>Instance &amp;URL:</source>
        <translation>Instanz-&amp;URL:</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="124"/>
        <source>Marker colour</source>
        <translation>Markierungsfarbe</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="130"/>
        <source>Marker &amp;colour:</source>
        <translation>Markierungs&amp;farbe:</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="133"/>
        <source>Authentication method</source>
        <translation>Anmeldeverfahren</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="137"/>
        <source>Au&amp;thentication:</source>
        <translation>&amp;Anmeldung:</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="141"/>
        <source>Personal access token</source>
        <translation>Personal Access Token</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="143"/>
        <source>&amp;Token:</source>
        <translation>&amp;Token:</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="147"/>
        <source>&amp;Import key file…</source>
        <translation>Schlüsseldatei &amp;importieren…</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="149"/>
        <source>Import service-user key file</source>
        <translation>Schlüsseldatei eines Service-Users importieren</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="155"/>
        <source>Key file:</source>
        <translation>Schlüsseldatei:</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="158"/>
        <source>Client id</source>
        <translation>Client-ID</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="159"/>
        <source>Client &amp;id:</source>
        <translation>Client-&amp;ID:</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="162"/>
        <source>Client secret</source>
        <translation>Client-Secret</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="164"/>
        <source>Client &amp;secret:</source>
        <translation>Client-&amp;Secret:</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="167"/>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="172"/>
        <source>Import &amp;CA certificate…</source>
        <translation>&amp;CA-Zertifikat importieren…</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="174"/>
        <source>Import CA certificate</source>
        <translation>CA-Zertifikat importieren</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="175"/>
        <source>Remove CA</source>
        <translation>CA entfernen</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="177"/>
        <source>Remove the CA certificate</source>
        <translation>Das CA-Zertifikat entfernen</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="183"/>
        <source>Private CA:</source>
        <translation>Private CA:</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="187"/>
        <source>S&amp;how certificate…</source>
        <translation>Zertifikat an&amp;zeigen…</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="189"/>
        <source>Show the server certificate</source>
        <translation>Das Serverzertifikat anzeigen</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="190"/>
        <source>Remove pin</source>
        <translation>Anheftung entfernen</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="192"/>
        <source>Remove the pinned certificate</source>
        <translation>Das angeheftete Zertifikat entfernen</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="200"/>
        <source>Pinned certificate:</source>
        <translation>Angeheftetes Zertifikat:</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="201"/>
        <source>Insecure: allow plain &amp;http to a host that is not loopback</source>
        <translation>Unsicher: reines &amp;http zu einem Host erlauben, der nicht Loopback ist</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="203"/>
        <source>Insecure: allow plain http</source>
        <translation>Unsicher: reines http erlauben</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="205"/>
        <source>⚠ Tokens and keys for this profile may travel unencrypted. The profile shows this warning wherever it appears.</source>
        <translation>⚠ Tokens und Schlüssel dieses Profils können unverschlüsselt übertragen werden. Das Profil zeigt diese Warnung überall, wo es erscheint.</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="217"/>
        <source>Sa&amp;ve profile</source>
        <translation>Profil &amp;speichern</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="219"/>
        <source>Save profile</source>
        <translation>Profil speichern</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="220"/>
        <source>T&amp;est connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="222"/>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="234"/>
        <source>Connection test</source>
        <translation>Verbindungstest</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="319"/>
        <source>(the local sandbox)</source>
        <translation>(die lokale Sandbox)</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="326"/>
        <source>Stored in the keychain; type to replace</source>
        <translation>Im Schlüsselbund gespeichert; zum Ersetzen tippen</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="348"/>
        <source>Paste the personal access token</source>
        <translation>Das Personal Access Token einfügen</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="396"/>
        <source>Give the profile a name.</source>
        <translation>Geben Sie dem Profil einen Namen.</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="416"/>
        <source>Saved &quot;%1&quot;; its secret is in the keychain.</source>
        <translation>„%1“ gespeichert; sein Geheimnis liegt im Schlüsselbund.</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="435"/>
        <source>Duplicated as &quot;%1&quot;.</source>
        <translation>Als „%1“ dupliziert.</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="446"/>
        <source>Remove Profile</source>
        <translation>Profil entfernen</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="447"/>
        <source>Remove the profile &quot;%1&quot;?</source>
        <translation>Das Profil „%1“ entfernen?</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="448"/>
        <source>Its secret is deleted from the keychain. Nothing changes on the instance.</source>
        <translation>Sein Geheimnis wird aus dem Schlüsselbund gelöscht. Auf der Instanz ändert sich nichts.</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="449"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="450"/>
        <source>Keep</source>
        <translation>Behalten</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="461"/>
        <source>Removed &quot;%1&quot;.</source>
        <translation>„%1“ entfernt.</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="471"/>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="496"/>
        <source>Cannot use %1: %2</source>
        <translation>%1 kann nicht verwendet werden: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="476"/>
        <source>service user %1 (key %2), imported on save</source>
        <translation>Service-User %1 (Schlüssel %2), wird beim Speichern importiert</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="483"/>
        <source>Import Service-User Key File</source>
        <translation>Schlüsseldatei eines Service-Users importieren</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="484"/>
        <source>ZITADEL key files (*.json);;All files (*)</source>
        <translation>ZITADEL-Schlüsseldateien (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="501"/>
        <source>The CA certificate is used once the profile is saved.</source>
        <translation>Das CA-Zertifikat wird verwendet, sobald das Profil gespeichert ist.</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="507"/>
        <source>Import CA Certificate</source>
        <translation>CA-Zertifikat importieren</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="508"/>
        <source>PEM certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>PEM-Zertifikate (*.pem *.crt *.cer);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="529"/>
        <source>Only an https instance URL has a certificate.</source>
        <translation>Nur eine https-Instanz-URL hat ein Zertifikat.</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="536"/>
        <source>Fetching the certificate…</source>
        <translation>Das Zertifikat wird abgerufen…</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="541"/>
        <source>Cannot fetch the certificate: %1</source>
        <translation>Das Zertifikat kann nicht abgerufen werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="548"/>
        <source>The certificate is pinned once the profile is saved.</source>
        <translation>Das Zertifikat wird angeheftet, sobald das Profil gespeichert ist.</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="563"/>
        <source>Enter the secret first.</source>
        <translation>Geben Sie zuerst das Geheimnis ein.</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="614"/>
        <source>none (the system&apos;s CAs only)</source>
        <translation>keine (nur die CAs des Systems)</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/connections/profilesdialog.cpp" line="614"/>
        <source>%n certificate(s)</source>
        <translation>
            <numerusform>%n Zertifikat</numerusform>
            <numerusform>%n Zertifikate</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="616"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../app/gui/connections/profilesdialog.cpp" line="634"/>
        <source>The built-in sandbox is always there and cannot be changed.</source>
        <translation>Die eingebaute Sandbox ist immer da und kann nicht geändert werden.</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::SecretField</name>
    <message>
        <location filename="../app/gui/widgets/secretfield.cpp" line="34"/>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <location filename="../app/gui/widgets/secretfield.cpp" line="35"/>
        <source>Copy %1</source>
        <translation>%1 kopieren</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/widgets/secretfield.cpp" line="36"/>
        <source>Copy to the clipboard; it is cleared again after %n second(s)</source>
        <translation>
            <numerusform>In die Zwischenablage kopieren; sie wird nach %n Sekunde wieder geleert</numerusform>
            <numerusform>In die Zwischenablage kopieren; sie wird nach %n Sekunden wieder geleert</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/widgets/secretfield.cpp" line="80"/>
        <source>Hide</source>
        <translation>Verbergen</translation>
    </message>
    <message>
        <location filename="../app/gui/widgets/secretfield.cpp" line="80"/>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <location filename="../app/gui/widgets/secretfield.cpp" line="81"/>
        <source>Hide the key</source>
        <translation>Den Schlüssel verbergen</translation>
    </message>
    <message>
        <location filename="../app/gui/widgets/secretfield.cpp" line="81"/>
        <source>Show the key</source>
        <translation>Den Schlüssel anzeigen</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::SetExecutionCommand</name>
    <message>
        <location filename="../app/gui/commands/setexecutioncommand.cpp" line="34"/>
        <source>The change was sent, but reading it back failed: %1</source>
        <translation>Die Änderung wurde gesendet, aber das Zurücklesen ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/commands/setexecutioncommand.cpp" line="43"/>
        <source>ZITADEL still holds the execution; it calls %1.</source>
        <translation>ZITADEL hält die Ausführung weiterhin; sie ruft %1 auf.</translation>
    </message>
    <message>
        <location filename="../app/gui/commands/setexecutioncommand.cpp" line="43"/>
        <location filename="../app/gui/commands/setexecutioncommand.cpp" line="47"/>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../app/gui/commands/setexecutioncommand.cpp" line="45"/>
        <source>ZITADEL holds no execution for this condition after saving.</source>
        <translation>ZITADEL hält nach dem Speichern keine Ausführung für diese Bedingung.</translation>
    </message>
    <message>
        <location filename="../app/gui/commands/setexecutioncommand.cpp" line="47"/>
        <source>ZITADEL calls %1 instead of %2.</source>
        <translation>ZITADEL ruft %1 statt %2 auf.</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::SigningKeyDialog</name>
    <message>
        <location filename="../app/gui/targets/signingkeydialog.cpp" line="19"/>
        <source>Signing key</source>
        <translation>Signaturschlüssel</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/signingkeydialog.cpp" line="20"/>
        <source>&amp;Copy Key</source>
        <translation>Schlüssel &amp;kopieren</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/signingkeydialog.cpp" line="26"/>
        <source>Target Created</source>
        <translation>Ziel angelegt</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/signingkeydialog.cpp" line="26"/>
        <source>Signing Key Rotated</source>
        <translation>Signaturschlüssel rotiert</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/signingkeydialog.cpp" line="33"/>
        <source>“%1” was created. This is its signing key.</source>
        <translation>„%1“ wurde angelegt. Dies ist sein Signaturschlüssel.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/signingkeydialog.cpp" line="34"/>
        <source>“%1” has a new signing key.</source>
        <translation>„%1“ hat einen neuen Signaturschlüssel.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/signingkeydialog.cpp" line="44"/>
        <source>ZITADEL signs every call to this target with this key in the ZITADEL-Signature header (HMAC-SHA256 over the timestamp and the body). Give it to the receiver so it can verify that calls really come from ZITADEL.</source>
        <translation>ZITADEL signiert jeden Aufruf dieses Ziels mit diesem Schlüssel im ZITADEL-Signature-Header (HMAC-SHA256 über Zeitstempel und Inhalt). Geben Sie ihn dem Empfänger, damit er prüfen kann, dass Aufrufe wirklich von ZITADEL kommen.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/signingkeydialog.cpp" line="48"/>
        <source>The old key no longer works: receivers reject ZITADEL&apos;s calls until they use this one.</source>
        <translation>Der alte Schlüssel gilt nicht mehr: Empfänger lehnen ZITADELs Aufrufe ab, bis sie diesen verwenden.</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/targets/signingkeydialog.cpp" line="62"/>
        <source>You can show it again in the target&apos;s details. Copied keys are removed from the clipboard after %n second(s).</source>
        <translation>
            <numerusform>Sie können ihn in den Einzelheiten des Ziels erneut anzeigen. Kopierte Schlüssel werden nach %n Sekunde aus der Zwischenablage entfernt.</numerusform>
            <numerusform>Sie können ihn in den Einzelheiten des Ziels erneut anzeigen. Kopierte Schlüssel werden nach %n Sekunden aus der Zwischenablage entfernt.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/targets/signingkeydialog.cpp" line="68"/>
        <source>Copy the signing key</source>
        <translation>Den Signaturschlüssel kopieren</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/signingkeydialog.cpp" line="75"/>
        <source>Copied.</source>
        <translation>Kopiert.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/signingkeydialog.cpp" line="80"/>
        <source>Removed from the clipboard.</source>
        <translation>Aus der Zwischenablage entfernt.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/signingkeydialog.cpp" line="88"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::StatePanel</name>
    <message>
        <location filename="../app/gui/widgets/statepanel.cpp" line="18"/>
        <source>List status</source>
        <translation>Listenstatus</translation>
    </message>
    <message>
        <location filename="../app/gui/widgets/statepanel.cpp" line="38"/>
        <source>Loading</source>
        <translation>Wird geladen</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::TargetEditor</name>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="91"/>
        <source>ZITADEL waits for the answer but ignores its body.</source>
        <translation>ZITADEL wartet auf die Antwort, ignoriert aber ihren Inhalt.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="93"/>
        <source>The answer replaces the request or response; for functions it returns the changes.</source>
        <translation>Die Antwort ersetzt die Anfrage oder Antwort; bei Funktionen liefert sie die Änderungen.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="95"/>
        <source>Fire and forget: ZITADEL does not wait and never interrupts.</source>
        <translation>Senden und vergessen: ZITADEL wartet nicht und bricht nie ab.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="104"/>
        <source>The JSON signed as a JWT with the instance&apos;s web key.</source>
        <translation>Das JSON, als JWT mit dem Web-Key der Instanz signiert.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="106"/>
        <source>The signed JWT, encrypted with the target&apos;s active public key.</source>
        <translation>Das signierte JWT, verschlüsselt mit dem aktiven öffentlichen Schlüssel des Ziels.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="108"/>
        <source>Plain JSON. Every payload type also carries the ZITADEL-Signature header.</source>
        <translation>Reines JSON. Jeder Payload-Typ trägt außerdem den ZITADEL-Signature-Header.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="118"/>
        <source>Target details</source>
        <translation>Einzelheiten des Ziels</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="184"/>
        <source>Save error</source>
        <translation>Fehler beim Speichern</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="191"/>
        <location filename="../app/gui/targets/targeteditor.cpp" line="744"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="192"/>
        <source>e.g. user-created-webhook</source>
        <translation>z. B. user-created-webhook</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="198"/>
        <location filename="../app/gui/targets/targeteditor.cpp" line="752"/>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="199"/>
        <source>https://hooks.example.com/zitadel</source>
        <translation>https://hooks.example.com/zitadel</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="205"/>
        <location filename="../app/gui/targets/targeteditor.cpp" line="746"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="214"/>
        <location filename="../app/gui/targets/targeteditor.cpp" line="750"/>
        <source>Timeout</source>
        <translation>Zeitlimit</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="220"/>
        <source>Timeout unit</source>
        <translation>Einheit des Zeitlimits</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="221"/>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="222"/>
        <source>s</source>
        <translation>s</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="223"/>
        <source>min</source>
        <translation>min</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="232"/>
        <source>Stop the request when the target fails</source>
        <translation>Bei Fehler des Ziels abbrechen</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="234"/>
        <location filename="../app/gui/targets/targeteditor.cpp" line="748"/>
        <source>Interrupt on error</source>
        <translation>Bei Fehler abbrechen</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="238"/>
        <location filename="../app/gui/targets/targeteditor.cpp" line="754"/>
        <source>Payload type</source>
        <translation>Payload-Typ</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="247"/>
        <source>Encryption key notice</source>
        <translation>Hinweis zum Verschlüsselungsschlüssel</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="262"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="264"/>
        <source>&amp;Endpoint:</source>
        <translation>&amp;Endpunkt:</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="266"/>
        <source>T&amp;ype:</source>
        <translation>&amp;Typ:</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="268"/>
        <source>&amp;Timeout:</source>
        <translation>&amp;Zeitlimit:</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="271"/>
        <source>&amp;Payload:</source>
        <translation>&amp;Payload:</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="281"/>
        <location filename="../app/gui/targets/targeteditor.cpp" line="756"/>
        <source>Signing key</source>
        <translation>Signaturschlüssel</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="285"/>
        <source>Receivers verify the ZITADEL-Signature header of every call with this key.</source>
        <translation>Empfänger prüfen den ZITADEL-Signature-Header jedes Aufrufs mit diesem Schlüssel.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="295"/>
        <source>Si&amp;gning key:</source>
        <translation>Si&amp;gnaturschlüssel:</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="303"/>
        <source>Encryption key:</source>
        <translation>Verschlüsselung:</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="313"/>
        <source>Executions</source>
        <translation>Ausführungen</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="325"/>
        <source>Target form</source>
        <translation>Zielformular</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="341"/>
        <source>Saving</source>
        <translation>Wird gespeichert</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/targets/targeteditor.cpp" line="405"/>
        <source>%Ln target(s) selected</source>
        <translation>
            <numerusform>%Ln Ziel ausgewählt</numerusform>
            <numerusform>%Ln Ziele ausgewählt</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="406"/>
        <source>Select a single target to see and edit its details.</source>
        <translation>Wählen Sie ein einzelnes Ziel, um seine Einzelheiten zu sehen und zu bearbeiten.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="409"/>
        <source>No target selected</source>
        <translation>Kein Ziel ausgewählt</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="410"/>
        <source>Select a target to see its details and the executions that call it, or create a new one.</source>
        <translation>Wählen Sie ein Ziel, um seine Einzelheiten und die Ausführungen zu sehen, die es aufrufen, oder legen Sie ein neues an.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="486"/>
        <source>New Target</source>
        <translation>Neues Ziel</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="487"/>
        <source>ZITADEL creates a signing key for it and shows it once saved.</source>
        <translation>ZITADEL erzeugt einen Signaturschlüssel dafür und zeigt ihn nach dem Speichern einmal an.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="492"/>
        <source>ID %1</source>
        <translation>ID %1</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="494"/>
        <source>created %1</source>
        <translation>erstellt %1</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="496"/>
        <source>changed %1</source>
        <translation>geändert %1</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="607"/>
        <source>Error: </source>
        <translation>Fehler: </translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="607"/>
        <source>Warning: </source>
        <translation>Warnung: </translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="653"/>
        <source>Async targets never interrupt</source>
        <translation>Async-Ziele brechen nie ab</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="672"/>
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="675"/>
        <source>Could not read the public keys: %1</source>
        <translation>Die öffentlichen Schlüssel konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="679"/>
        <source>Key %1 is active.</source>
        <translation>Schlüssel %1 ist aktiv.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="682"/>
        <source>Key %1 is marked active but has expired: it is not used.</source>
        <translation>Schlüssel %1 ist als aktiv markiert, aber abgelaufen: Er wird nicht verwendet.</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/targets/targeteditor.cpp" line="684"/>
        <source>No active key (%Ln inactive).</source>
        <translation>
            <numerusform>Kein aktiver Schlüssel (%Ln inaktiv).</numerusform>
            <numerusform>Kein aktiver Schlüssel (%Ln inaktiv).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="686"/>
        <source>No public keys.</source>
        <translation>Keine öffentlichen Schlüssel.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="689"/>
        <source>Encryption key: %1</source>
        <translation>Verschlüsselungsschlüssel: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="701"/>
        <source>ZITADEL sends nothing to a JWE target until one of its public keys is active. Add and activate a key after creating the target.</source>
        <translation>ZITADEL sendet einem JWE-Ziel nichts, bis einer seiner öffentlichen Schlüssel aktiv ist. Fügen Sie nach dem Anlegen des Ziels einen Schlüssel hinzu und aktivieren Sie ihn.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="709"/>
        <source>ZITADEL sends nothing to this target until one of its public keys is active.</source>
        <translation>ZITADEL sendet diesem Ziel nichts, bis einer seiner öffentlichen Schlüssel aktiv ist.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="710"/>
        <source>Manage Keys…</source>
        <translation>Schlüssel verwalten…</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="711"/>
        <source>Manage keys</source>
        <translation>Schlüssel verwalten</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="732"/>
        <source>ZITADEL already has a target with this name.</source>
        <translation>ZITADEL hat bereits ein Ziel mit diesem Namen.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="734"/>
        <source>ZITADEL refuses this endpoint (its deny list blocks it).</source>
        <translation>ZITADEL lehnt diesen Endpunkt ab (seine Sperrliste blockiert ihn).</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="736"/>
        <source>ZITADEL refuses this timeout.</source>
        <translation>ZITADEL lehnt dieses Zeitlimit ab.</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/targets/targeteditor.cpp" line="761"/>
        <source>ZITADEL answered the save but did not change %n field(s); the form shows what it holds now:</source>
        <translation>
            <numerusform>ZITADEL hat das Speichern beantwortet, aber %n Feld nicht geändert; das Formular zeigt, was es jetzt hält:</numerusform>
            <numerusform>ZITADEL hat das Speichern beantwortet, aber %n Felder nicht geändert; das Formular zeigt, was es jetzt hält:</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="764"/>
        <source>• %1: sent %2, ZITADEL still has %3</source>
        <translation>• %1: %2 gesendet, ZITADEL hat weiterhin %3</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targeteditor.cpp" line="767"/>
        <source>Interrupt on error was turned off by turning it on and then off again: ZITADEL ignores a plain “off” on a target created with it on.</source>
        <translation>„Bei Fehler abbrechen“ wurde ausgeschaltet, indem es ein- und wieder ausgeschaltet wurde: ZITADEL ignoriert ein einfaches „aus“ bei einem Ziel, das damit angelegt wurde.</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::TargetExecutionsView</name>
    <message>
        <location filename="../app/gui/targets/targetexecutionsview.cpp" line="17"/>
        <source>Add to E&amp;xecution…</source>
        <translation>Hinzu&amp;fügen…</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetexecutionsview.cpp" line="17"/>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetexecutionsview.cpp" line="18"/>
        <source>Remove…</source>
        <translation>Entfernen…</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetexecutionsview.cpp" line="27"/>
        <source>Executions that call this target</source>
        <translation>Ausführungen, die dieses Ziel aufrufen</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetexecutionsview.cpp" line="33"/>
        <source>Add this target to an execution</source>
        <translation>Dieses Ziel einer Ausführung hinzufügen</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetexecutionsview.cpp" line="35"/>
        <source>Open the selected execution</source>
        <translation>Die ausgewählte Ausführung öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetexecutionsview.cpp" line="37"/>
        <source>Remove this target from the selected execution</source>
        <translation>Dieses Ziel aus der ausgewählten Ausführung entfernen</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetexecutionsview.cpp" line="39"/>
        <source>Open the selected execution on the Executions screen (Enter)</source>
        <translation>Die ausgewählte Ausführung im Bildschirm „Ausführungen“ öffnen (Enter)</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetexecutionsview.cpp" line="70"/>
        <source>Executions</source>
        <translation>Ausführungen</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetexecutionsview.cpp" line="101"/>
        <source>%1  (target %2 of %3)</source>
        <translation>%1  (Ziel %2 von %3)</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetexecutionsview.cpp" line="124"/>
        <source>Loading executions…</source>
        <translation>Ausführungen werden geladen…</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetexecutionsview.cpp" line="138"/>
        <source>Could not load the executions: %1</source>
        <translation>Die Ausführungen konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetexecutionsview.cpp" line="143"/>
        <source>No execution calls this target yet, so ZITADEL never calls it.</source>
        <translation>Noch keine Ausführung ruft dieses Ziel auf, daher ruft ZITADEL es nie auf.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetexecutionsview.cpp" line="145"/>
        <source>ZITADEL calls this target on:</source>
        <translation>ZITADEL ruft dieses Ziel auf bei:</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/targets/targetexecutionsview.cpp" line="149"/>
        <source>%1
Calls %n target(s) in order</source>
        <translation>
            <numerusform>%1
Ruft %n Ziel auf</numerusform>
            <numerusform>%1
Ruft %n Ziele der Reihe nach auf</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::TargetListPanel</name>
    <message>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="52"/>
        <source>Check the instance address and your network connection.</source>
        <translation>Prüfen Sie die Adresse der Instanz und Ihre Netzwerkverbindung.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="54"/>
        <source>The instance&apos;s TLS certificate was not accepted.</source>
        <translation>Das TLS-Zertifikat der Instanz wurde nicht akzeptiert.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="57"/>
        <source>The server&apos;s answer was not what ZITADEL sends. Is this a ZITADEL instance?</source>
        <translation>Die Antwort des Servers war nicht das, was ZITADEL sendet. Ist dies eine ZITADEL-Instanz?</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="60"/>
        <source>The instance did not accept this connection&apos;s credentials (token, key file or client secret). Check them under Tools → Profiles.</source>
        <translation>Die Instanz hat die Zugangsdaten dieser Verbindung (Token, Schlüsseldatei oder Client-Secret) nicht akzeptiert. Prüfen Sie sie unter Extras → Profile.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="63"/>
        <source>The token&apos;s user needs the IAM_OWNER or IAM_OWNER_VIEWER role.</source>
        <translation>Der Benutzer des Tokens braucht die Rolle IAM_OWNER oder IAM_OWNER_VIEWER.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="65"/>
        <source>This instance does not offer the Actions v2 API (ZITADEL v4 or later).</source>
        <translation>Diese Instanz bietet die Actions-v2-API nicht an (ZITADEL v4 oder neuer).</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="139"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="140"/>
        <source>Load the targets again (F5)</source>
        <translation>Die Ziele erneut laden (F5)</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="146"/>
        <source>&amp;Find Targets…</source>
        <translation>Ziele &amp;finden…</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="151"/>
        <source>Search targets</source>
        <translation>Ziele durchsuchen</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="152"/>
        <source>Search by name or endpoint (Ctrl+F)</source>
        <translation>Nach Name oder Endpunkt suchen (Strg+F)</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="153"/>
        <source>Clear search</source>
        <translation>Suche leeren</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="154"/>
        <source>Clear search (Esc)</source>
        <translation>Suche leeren (Esc)</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="161"/>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="231"/>
        <source>Targets</source>
        <translation>Ziele</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="252"/>
        <source>Target columns</source>
        <translation>Zielspalten</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="275"/>
        <source>&amp;Columns</source>
        <translation>&amp;Spalten</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="380"/>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="443"/>
        <source>Showing %1 of %Ln target(s)</source>
        <translation>
            <numerusform>%1 von %Ln Ziel angezeigt</numerusform>
            <numerusform>%1 von %Ln Zielen angezeigt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="444"/>
        <source>%Ln target(s)</source>
        <translation>
            <numerusform>%Ln Ziel</numerusform>
            <numerusform>%Ln Ziele</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="480"/>
        <source>Could not refresh the targets: %1</source>
        <translation>Die Ziele konnten nicht aktualisiert werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="481"/>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="504"/>
        <source>Retry</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="501"/>
        <source>Loading targets…</source>
        <translation>Ziele werden geladen…</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="504"/>
        <source>Could not load the targets</source>
        <translation>Die Ziele konnten nicht geladen werden</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="508"/>
        <source>No targets yet — create one</source>
        <translation>Noch keine Ziele – legen Sie eins an</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="509"/>
        <source>Targets are the endpoints ZITADEL calls when an execution matches. Create the first one here (Ctrl+N); press F5 to look again for targets made elsewhere.</source>
        <translation>Ziele sind die Endpunkte, die ZITADEL aufruft, wenn eine Ausführung zutrifft. Legen Sie hier das erste an (Strg+N); drücken Sie F5, um erneut nach anderswo angelegten Zielen zu sehen.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="511"/>
        <source>New Target…</source>
        <translation>Neues Ziel…</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="514"/>
        <source>No targets match “%1”</source>
        <translation>Keine Ziele passen zu „%1“</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="515"/>
        <source>The search looks at names and endpoints.</source>
        <translation>Die Suche betrachtet Namen und Endpunkte.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="515"/>
        <source>Clear Search</source>
        <translation>Suche leeren</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::TargetPickerDialog</name>
    <message>
        <location filename="../app/gui/executions/targetpickerdialog.cpp" line="17"/>
        <source>Add Targets</source>
        <translation>Ziele hinzufügen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/targetpickerdialog.cpp" line="18"/>
        <source>Add targets to the execution</source>
        <translation>Ziele zur Ausführung hinzufügen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/targetpickerdialog.cpp" line="20"/>
        <source>&amp;Find a target:</source>
        <translation>Ziel &amp;suchen:</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/targetpickerdialog.cpp" line="23"/>
        <source>Find a target</source>
        <translation>Ziel suchen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/targetpickerdialog.cpp" line="24"/>
        <source>Name, id, endpoint or type</source>
        <translation>Name, ID, Endpunkt oder Typ</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/targetpickerdialog.cpp" line="28"/>
        <source>Targets to add</source>
        <translation>Hinzuzufügende Ziele</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/targetpickerdialog.cpp" line="38"/>
        <source>%1
id %2</source>
        <translation>%1
ID %2</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/targetpickerdialog.cpp" line="45"/>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/targetpickerdialog.cpp" line="47"/>
        <source>Add the selected targets</source>
        <translation>Die ausgewählten Ziele hinzufügen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/targetpickerdialog.cpp" line="49"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../app/gui/executions/targetpickerdialog.cpp" line="79"/>
        <source>%1  (%2 · %3)</source>
        <translation>%1  (%2 · %3)</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::TargetWorkspace</name>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="116"/>
        <source>&amp;New Target…</source>
        <translation>&amp;Neues Ziel…</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="118"/>
        <source>Create a target</source>
        <translation>Ein Ziel anlegen</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="124"/>
        <source>&amp;Save Target</source>
        <translation>Ziel &amp;speichern</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="126"/>
        <source>Save the target to ZITADEL</source>
        <translation>Das Ziel in ZITADEL speichern</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="132"/>
        <source>&amp;Cancel Editing</source>
        <translation>Bearbeitung a&amp;bbrechen</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="135"/>
        <source>Discard the changes in the form</source>
        <translation>Die Änderungen im Formular verwerfen</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="142"/>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="191"/>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="145"/>
        <source>Delete the selected targets</source>
        <translation>Die gewählten Ziele löschen</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="152"/>
        <source>&amp;Rotate Signing Key…</source>
        <translation>Signaturschlüssel &amp;rotieren…</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="153"/>
        <source>Give the target a new signing key; receivers must be updated</source>
        <translation>Dem Ziel einen neuen Signaturschlüssel geben; Empfänger müssen angepasst werden</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="158"/>
        <source>Copy Target &amp;ID</source>
        <translation>Ziel-&amp;ID kopieren</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="159"/>
        <source>Copy the target&apos;s id, e.g. for executions or the command line</source>
        <translation>Die ID des Ziels kopieren, z. B. für Ausführungen oder die Kommandozeile</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="164"/>
        <source>Copied the id %1.</source>
        <translation>Die ID %1 wurde kopiert.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="170"/>
        <source>Send &amp;Test Delivery…</source>
        <translation>&amp;Testzustellung senden…</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="172"/>
        <source>Send the target what ZITADEL would send, and see what ZITADEL would make of the answer</source>
        <translation>Dem Ziel senden, was ZITADEL senden würde, und sehen, was ZITADEL aus der Antwort machen würde</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="177"/>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="178"/>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="517"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="179"/>
        <source>Rotate Signing Key…</source>
        <translation>Signaturschlüssel rotieren…</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/targets/targetworkspace.cpp" line="191"/>
        <source>&amp;Delete %Ln Targets…</source>
        <translation>
            <numerusform>%Ln Ziel &amp;löschen…</numerusform>
            <numerusform>%Ln Ziele &amp;löschen…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/targets/targetworkspace.cpp" line="200"/>
        <source>Delete %Ln Targets…</source>
        <translation>
            <numerusform>%Ln Ziel löschen…</numerusform>
            <numerusform>%Ln Ziele löschen…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="204"/>
        <source>New Target…</source>
        <translation>Neues Ziel…</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="231"/>
        <source>Unsaved Changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="233"/>
        <source>Discard the new target?</source>
        <translation>Das neue Ziel verwerfen?</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="234"/>
        <source>Discard your changes to “%1”?</source>
        <translation>Ihre Änderungen an „%1“ verwerfen?</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="235"/>
        <source>They have not been saved to ZITADEL.</source>
        <translation>Sie wurden nicht in ZITADEL gespeichert.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="236"/>
        <source>Discard Changes</source>
        <translation>Änderungen verwerfen</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="237"/>
        <source>Keep Editing</source>
        <translation>Weiter bearbeiten</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="310"/>
        <source>This target no longer exists in ZITADEL.</source>
        <translation>Dieses Ziel gibt es in ZITADEL nicht mehr.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="336"/>
        <source>Not saved: correct the marked fields first.</source>
        <translation>Nicht gespeichert: Korrigieren Sie zuerst die markierten Felder.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="381"/>
        <source>ZITADEL did not create the target:</source>
        <translation>ZITADEL hat das Ziel nicht angelegt:</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="382"/>
        <source>Target Not Created</source>
        <translation>Ziel nicht angelegt</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="382"/>
        <source>“%1” was not created.</source>
        <translation>„%1“ wurde nicht angelegt.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="383"/>
        <source>Creating…</source>
        <translation>Wird angelegt…</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="396"/>
        <source>Created.</source>
        <translation>Angelegt.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="398"/>
        <source>Created “%1”.</source>
        <translation>„%1“ angelegt.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="414"/>
        <source>ZITADEL did not save the changes:</source>
        <translation>ZITADEL hat die Änderungen nicht gespeichert:</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="415"/>
        <source>Changes Not Saved</source>
        <translation>Änderungen nicht gespeichert</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="415"/>
        <source>The changes to “%1” were not saved.</source>
        <translation>Die Änderungen an „%1“ wurden nicht gespeichert.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="416"/>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="422"/>
        <source>Saved.</source>
        <translation>Gespeichert.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="422"/>
        <source>Saved in part.</source>
        <translation>Teilweise gespeichert.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="430"/>
        <source>Changes Not Fully Saved</source>
        <translation>Änderungen nicht vollständig gespeichert</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="431"/>
        <source>ZITADEL did not change every field of “%1”.</source>
        <translation>ZITADEL hat nicht jedes Feld von „%1“ geändert.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="438"/>
        <source>“%1” saved in part: some fields did not take.</source>
        <translation>„%1“ teilweise gespeichert: Einige Felder wurden nicht übernommen.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="439"/>
        <source>Saved “%1”.</source>
        <translation>„%1“ gespeichert.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="455"/>
        <source>Changes discarded.</source>
        <translation>Änderungen verworfen.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="485"/>
        <source>Some Targets Were Not Deleted</source>
        <translation>Einige Ziele wurden nicht gelöscht</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/targets/targetworkspace.cpp" line="486"/>
        <source>%Ln target(s) could not be deleted:</source>
        <translation>
            <numerusform>%Ln Ziel konnte nicht gelöscht werden:</numerusform>
            <numerusform>%Ln Ziele konnten nicht gelöscht werden:</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="488"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/targets/targetworkspace.cpp" line="490"/>
        <source>The other %Ln target(s) were deleted.</source>
        <translation>
            <numerusform>Das andere Ziel wurde gelöscht.</numerusform>
            <numerusform>Die anderen %Ln Ziele wurden gelöscht.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/targets/targetworkspace.cpp" line="493"/>
        <source>Stopped after deleting %Ln target(s).</source>
        <translation>
            <numerusform>Angehalten nach dem Löschen von %Ln Ziel.</numerusform>
            <numerusform>Angehalten nach dem Löschen von %Ln Zielen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/targets/targetworkspace.cpp" line="495"/>
        <source>Deleted %Ln target(s).</source>
        <translation>
            <numerusform>%Ln Ziel gelöscht.</numerusform>
            <numerusform>%Ln Ziele gelöscht.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="511"/>
        <source>Rotate Signing Key</source>
        <translation>Signaturschlüssel rotieren</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="512"/>
        <source>Give “%1” a new signing key?</source>
        <translation>„%1“ einen neuen Signaturschlüssel geben?</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="513"/>
        <source>ZITADEL signs its calls with the new key at once. Receivers that verify the ZITADEL-Signature header reject the calls until they are updated with the new key, which is shown next.</source>
        <translation>ZITADEL signiert seine Aufrufe sofort mit dem neuen Schlüssel. Empfänger, die den ZITADEL-Signature-Header prüfen, lehnen die Aufrufe ab, bis sie den neuen Schlüssel haben, der gleich angezeigt wird.</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="516"/>
        <source>Rotate Key</source>
        <translation>Schlüssel rotieren</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="523"/>
        <source>ZITADEL did not rotate the signing key:</source>
        <translation>ZITADEL hat den Signaturschlüssel nicht rotiert:</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="524"/>
        <source>Signing Key Not Rotated</source>
        <translation>Signaturschlüssel nicht rotiert</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="525"/>
        <source>Rotating the signing key…</source>
        <translation>Der Signaturschlüssel wird rotiert…</translation>
    </message>
    <message>
        <location filename="../app/gui/targets/targetworkspace.cpp" line="532"/>
        <source>Rotated the signing key of “%1”.</source>
        <translation>Der Signaturschlüssel von „%1“ wurde rotiert.</translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::TestDeliveryDialog</name>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="86"/>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="87"/>
        <source>Send Test Delivery</source>
        <translation>Testzustellung senden</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="99"/>
        <source>This session&apos;s &amp;deliveries:</source>
        <translation>Z&amp;ustellungen dieser Sitzung:</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="102"/>
        <source>Test deliveries of this session</source>
        <translation>Testzustellungen dieser Sitzung</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="104"/>
        <source>Each delivery sent in this session; select one to see its request and result again</source>
        <translation>Jede in dieser Sitzung gesendete Zustellung; wählen Sie eine, um ihre Anfrage und ihr Ergebnis erneut zu sehen</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="128"/>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="668"/>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="130"/>
        <source>Send the test delivery</source>
        <translation>Die Testzustellung senden</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="132"/>
        <source>Send the request shown to the target&apos;s endpoint (Ctrl+Return)</source>
        <translation>Die angezeigte Anfrage an den Endpunkt des Ziels senden (Strg+Eingabe)</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="135"/>
        <source>Open in &amp;Inspector</source>
        <translation>Im &amp;Inspektor öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="137"/>
        <source>Open the request in the Payload Inspector</source>
        <translation>Die Anfrage im Payload-Inspektor öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="147"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="163"/>
        <source>Nothing sent yet.</source>
        <translation>Noch nichts gesendet.</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="193"/>
        <source>Condition</source>
        <translation>Bedingung</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="198"/>
        <source>An execution that calls this target, or any condition: request:/zitadel.user.v2.UserService/AddHumanUser, response:all, event:user.human.added, event-group:user.human, function:preuserinfo</source>
        <translation>Eine Ausführung, die dieses Ziel aufruft, oder eine beliebige Bedingung: request:/zitadel.user.v2.UserService/AddHumanUser, response:all, event:user.human.added, event-group:user.human, function:preuserinfo</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="209"/>
        <source>Event type</source>
        <translation>Ereignistyp</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="210"/>
        <source>for an event group or all events, e.g. user.human.added</source>
        <translation>für eine Ereignisgruppe oder alle Ereignisse, z. B. user.human.added</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="218"/>
        <source>&amp;Condition:</source>
        <translation>&amp;Bedingung:</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="220"/>
        <source>&amp;Event type:</source>
        <translation>&amp;Ereignistyp:</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="225"/>
        <source>&amp;Body (JSON, editable):</source>
        <translation>In&amp;halt (JSON, bearbeitbar):</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="228"/>
        <source>Body to send</source>
        <translation>Zu sendender Inhalt</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="239"/>
        <source>&amp;Reset to Sample</source>
        <translation>Auf Beispiel &amp;zurücksetzen</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="241"/>
        <source>Reset the body to the sample</source>
        <translation>Den Inhalt auf das Beispiel zurücksetzen</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="252"/>
        <source>&amp;Wire (exactly what is sent):</source>
        <translation>&amp;Rohdaten (genau das, was gesendet wird):</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="253"/>
        <source>Request as sent on the wire</source>
        <translation>Die Anfrage, wie sie übertragen wird</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="261"/>
        <source>Dec&amp;oded (headers of each layer, the JSON):</source>
        <translation>Dek&amp;odiert (Header jeder Schicht, das JSON):</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="262"/>
        <source>Request decoded</source>
        <translation>Dekodierte Anfrage</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="298"/>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="302"/>
        <source>Verdict</source>
        <translation>Bewertung</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="305"/>
        <source>Result in plain words</source>
        <translation>Ergebnis in Worten</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="310"/>
        <source>&amp;Answer (headers and body):</source>
        <translation>&amp;Antwort (Header und Inhalt):</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="311"/>
        <source>The target&apos;s answer</source>
        <translation>Die Antwort des Ziels</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="338"/>
        <source>Target “%1” — %2 payload, %3, timeout %4</source>
        <translation>Ziel „%1“ — %2-Payload, %3, Zeitlimit %4</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="358"/>
        <source>Loading the executions that call this target…</source>
        <translation>Die Ausführungen, die dieses Ziel aufrufen, werden geladen…</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="374"/>
        <source>The target&apos;s keys could not be listed: %1</source>
        <translation>Die Schlüssel des Ziels konnten nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="377"/>
        <source>%1 ZITADEL cannot encrypt this target&apos;s payloads: add and activate a key (Keys ▸ Show Public Keys).</source>
        <translation>%1 ZITADEL kann die Payloads dieses Ziels nicht verschlüsseln: Fügen Sie einen Schlüssel hinzu und aktivieren Sie ihn (Schlüssel ▸ Öffentliche Schlüssel anzeigen).</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="395"/>
        <source>The executions could not be listed (%1); type any condition.</source>
        <translation>Die Ausführungen konnten nicht aufgelistet werden (%1); geben Sie eine beliebige Bedingung ein.</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="397"/>
        <source>No execution calls this target yet: type any condition, e.g. request:/zitadel.user.v2.UserService/AddHumanUser or event:user.human.added.</source>
        <translation>Noch keine Ausführung ruft dieses Ziel auf: Geben Sie eine beliebige Bedingung ein, z. B. request:/zitadel.user.v2.UserService/AddHumanUser oder event:user.human.added.</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="453"/>
        <source>Condition: %1</source>
        <translation>Bedingung: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="455"/>
        <source>Condition: </source>
        <translation>Bedingung: </translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="465"/>
        <source>The body is not JSON: %1 at character %2.</source>
        <translation>Der Inhalt ist kein JSON: %1 bei Zeichen %2.</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="467"/>
        <source>The body must be a JSON object ({…}).</source>
        <translation>Der Inhalt muss ein JSON-Objekt sein ({…}).</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="495"/>
        <source>Cannot build the request: %1</source>
        <translation>Die Anfrage kann nicht erstellt werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="506"/>
        <source>HTTP headers:</source>
        <translation>HTTP-Header:</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="509"/>
        <source>JWE header (encrypted with key %1):</source>
        <translation>JWE-Header (verschlüsselt mit dem Schlüssel %1):</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="513"/>
        <source>JWT header (signed):</source>
        <translation>JWT-Header (signiert):</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="514"/>
        <source>JWT claims = the JSON:</source>
        <translation>JWT-Claims = das JSON:</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="516"/>
        <source>JSON body:</source>
        <translation>JSON-Inhalt:</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="529"/>
        <source>Note: the JWT is signed with the sandbox&apos;s instance key (kid %1): it verifies against the sandbox&apos;s JWKS (/oauth/v2/keys).</source>
        <translation>Hinweis: Das JWT ist mit dem Instanzschlüssel der Sandbox signiert (kid %1): Es lässt sich mit dem JWKS der Sandbox (/oauth/v2/keys) prüfen.</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="534"/>
        <source>Warning: the JWT is signed with a local test key (kid %1), not with the instance&apos;s key: a receiver that checks the instance&apos;s JWKS will refuse it. Everything else (encryption, ZITADEL-Signature) is as ZITADEL sends it.</source>
        <translation>Warnung: Das JWT ist mit einem lokalen Testschlüssel signiert (kid %1), nicht mit dem Schlüssel der Instanz: Ein Empfänger, der das JWKS der Instanz prüft, lehnt es ab. Alles andere (Verschlüsselung, ZITADEL-Signature) ist so, wie ZITADEL es sendet.</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="557"/>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="668"/>
        <source>Sending…</source>
        <translation>Wird gesendet…</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="558"/>
        <source>Sending to %1 (built again at this moment: new timestamp, new encryption); the target&apos;s timeout is %2.</source>
        <translation>Wird an %1 gesendet (in diesem Moment neu erstellt: neuer Zeitstempel, neue Verschlüsselung); das Zeitlimit des Ziels ist %2.</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="573"/>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="610"/>
        <source>Not sent</source>
        <translation>Nicht gesendet</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="574"/>
        <source>The request could not be built: %1</source>
        <translation>Die Anfrage konnte nicht erstellt werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="621"/>
        <source>Success: ZITADEL counts this call as a success</source>
        <translation>Erfolg: ZITADEL wertet diesen Aufruf als Erfolg</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="622"/>
        <source>Failure: ZITADEL counts this call as a failure</source>
        <translation>Fehlschlag: ZITADEL wertet diesen Aufruf als Fehlschlag</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="624"/>
        <source>Why: %1</source>
        <translation>Grund: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="626"/>
        <source>What the user would see: %1</source>
        <translation>Was der Benutzer sähe: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="630"/>
        <source>Status %1, answered in %2 ms (timeout %3).</source>
        <translation>Status %1, beantwortet in %2 ms (Zeitlimit %3).</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="633"/>
        <source>No answer within the timeout (%1): gave up after %2 ms.</source>
        <translation>Keine Antwort innerhalb des Zeitlimits (%1): nach %2 ms aufgegeben.</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="636"/>
        <source>Not reached after %1 ms (timeout %2): %3</source>
        <translation>Nach %1 ms nicht erreicht (Zeitlimit %2): %3</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="640"/>
        <source>Forwarded status: %1 %2</source>
        <translation>Weitergegebener Status: %1 %2</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="646"/>
        <source>The API caller gets: %1</source>
        <translation>Der API-Aufrufer erhält: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="644"/>
        <source>The target interrupts on error: the execution stops here.</source>
        <translation>Das Ziel bricht bei Fehler ab: Die Ausführung endet hier.</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="650"/>
        <source>Sent %1 to %2.</source>
        <translation>Am %1 an %2 gesendet.</translation>
    </message>
    <message>
        <location filename="../app/gui/delivery/testdeliverydialog.cpp" line="659"/>
        <source>(no answer)</source>
        <translation>(keine Antwort)</translation>
    </message>
</context>
<context>
    <name>targetdesk::inspect</name>
    <message>
        <location filename="../lib/inspect/capture.cpp" line="82"/>
        <source>The HTTP request has a header line without a colon: &quot;%1&quot;.</source>
        <translation>Die HTTP-Anfrage hat eine Headerzeile ohne Doppelpunkt: „%1“.</translation>
    </message>
    <message>
        <location filename="../lib/inspect/capture.cpp" line="88"/>
        <source>The HTTP request has no blank line before its body.</source>
        <translation>Die HTTP-Anfrage hat keine Leerzeile vor ihrem Inhalt.</translation>
    </message>
    <message>
        <location filename="../lib/inspect/capture.cpp" line="93"/>
        <source>The body is chunked (Transfer-Encoding: chunked): paste the decoded body.</source>
        <translation>Der Inhalt ist gestückelt (Transfer-Encoding: chunked): Fügen Sie den dekodierten Inhalt ein.</translation>
    </message>
    <message>
        <location filename="../lib/inspect/capture.cpp" line="98"/>
        <source>The Content-Length header is not a number.</source>
        <translation>Der Content-Length-Header ist keine Zahl.</translation>
    </message>
    <message>
        <location filename="../lib/inspect/capture.cpp" line="101"/>
        <source>The body is truncated: %1 bytes of the %2 that Content-Length announces.</source>
        <translation>Der Inhalt ist abgeschnitten: %1 Bytes der %2, die Content-Length ankündigt.</translation>
    </message>
    <message>
        <location filename="../lib/inspect/capture.cpp" line="133"/>
        <source>The captured body is a JSON object, not the raw text: it was re-serialized, so a webhook signature over the original bytes may not match.</source>
        <translation>Der mitgeschnittene Inhalt ist ein JSON-Objekt, nicht der Rohtext: Er wurde neu serialisiert, daher passt eine Webhook-Signatur über die ursprünglichen Bytes womöglich nicht.</translation>
    </message>
    <message>
        <location filename="../lib/inspect/capture.cpp" line="155"/>
        <source>The input is too large (%1 bytes, at most %2).</source>
        <translation>Die Eingabe ist zu groß (%1 Bytes, höchstens %2).</translation>
    </message>
    <message>
        <location filename="../lib/inspect/capture.cpp" line="158"/>
        <source>The input is empty.</source>
        <translation>Die Eingabe ist leer.</translation>
    </message>
    <message>
        <location filename="../lib/inspect/capture.cpp" line="174"/>
        <source>Not a JWE (5 parts) or JWT (3 parts): the token has %1 dot-separated parts.</source>
        <translation>Kein JWE (5 Teile) oder JWT (3 Teile): Das Token hat %1 durch Punkte getrennte Teile.</translation>
    </message>
    <message>
        <location filename="../lib/inspect/capture.cpp" line="185"/>
        <source>The JSON input</source>
        <translation>Die JSON-Eingabe</translation>
    </message>
    <message>
        <location filename="../lib/inspect/capture.cpp" line="200"/>
        <source>Not a JWE, JWT, JSON body or HTTP request: the input starts with &quot;%1&quot;.</source>
        <translation>Kein JWE, JWT, JSON-Inhalt oder HTTP-Anfrage: Die Eingabe beginnt mit „%1“.</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="39"/>
        <source>content key encrypted with RSA-OAEP and SHA-256 (what ZITADEL uses for RSA keys)</source>
        <translation>Inhaltsschlüssel mit RSA-OAEP und SHA-256 verschlüsselt (was ZITADEL für RSA-Schlüssel verwendet)</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="41"/>
        <source>content key encrypted with RSA-OAEP and SHA-1</source>
        <translation>Inhaltsschlüssel mit RSA-OAEP und SHA-1 verschlüsselt</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="43"/>
        <source>content key agreed directly with ECDH-ES</source>
        <translation>Inhaltsschlüssel direkt mit ECDH-ES vereinbart</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="45"/>
        <source>ECDH-ES key agreement, content key wrapped with AES key wrap (ZITADEL uses ECDH-ES+A256KW for EC keys)</source>
        <translation>ECDH-ES-Schlüsselvereinbarung, Inhaltsschlüssel mit AES-Key-Wrap verpackt (ZITADEL verwendet ECDH-ES+A256KW für EC-Schlüssel)</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="48"/>
        <source>RSA PKCS#1 v1.5 signature with SHA-%1</source>
        <translation>RSA-PKCS#1-v1.5-Signatur mit SHA-%1</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="50"/>
        <source>RSA-PSS signature with SHA-%1</source>
        <translation>RSA-PSS-Signatur mit SHA-%1</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="52"/>
        <source>ECDSA signature with SHA-%1</source>
        <translation>ECDSA-Signatur mit SHA-%1</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="54"/>
        <source>Edwards-curve signature</source>
        <translation>Edwards-Kurven-Signatur</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="56"/>
        <source>no signature at all</source>
        <translation>überhaupt keine Signatur</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="57"/>
        <source>not supported here</source>
        <translation>hier nicht unterstützt</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="66"/>
        <source>content encrypted with AES-GCM</source>
        <translation>Inhalt mit AES-GCM verschlüsselt</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="67"/>
        <source>content encrypted with AES-CBC and HMAC</source>
        <translation>Inhalt mit AES-CBC und HMAC verschlüsselt</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="69"/>
        <source>key id: for a JWE the id ZITADEL gave the target&apos;s public key, for a JWT the id of the instance&apos;s signing key in its JWKS</source>
        <translation>Schlüssel-ID: bei einem JWE die ID, die ZITADEL dem öffentlichen Schlüssel des Ziels gab, bei einem JWT die ID des Signaturschlüssels der Instanz in ihrem JWKS</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="72"/>
        <source>type of the whole token</source>
        <translation>Typ des ganzen Tokens</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="75"/>
        <source>the plaintext is itself a JWT (nested, as ZITADEL sends it)</source>
        <translation>der Klartext ist selbst ein JWT (verschachtelt, wie ZITADEL es sendet)</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="76"/>
        <source>type of the content</source>
        <translation>Typ des Inhalts</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="78"/>
        <source>the plaintext was compressed (DEFLATE) before encryption</source>
        <translation>der Klartext wurde vor dem Verschlüsseln komprimiert (DEFLATE)</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="80"/>
        <source>the sender&apos;s one-time public key on %1</source>
        <translation>der einmalige öffentliche Schlüssel des Absenders auf %1</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="83"/>
        <source>party information mixed into the key derivation</source>
        <translation>Angaben der Parteien, die in die Schlüsselableitung einfließen</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="85"/>
        <source>extensions the receiver must understand</source>
        <translation>Erweiterungen, die der Empfänger verstehen muss</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="133"/>
        <source>%1: skipped, %2</source>
        <translation>%1: übersprungen, %2</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="140"/>
        <source>an EC %1 private key</source>
        <translation>ein privater EC-%1-Schlüssel</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="141"/>
        <source>an RSA private key</source>
        <translation>ein privater RSA-Schlüssel</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="175"/>
        <source>Not decrypted: no private key was given. The token needs %1%2.</source>
        <translation>Nicht entschlüsselt: Es wurde kein privater Schlüssel angegeben. Das Token braucht %1%2.</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="177"/>
        <location filename="../lib/inspect/inspector.cpp" line="180"/>
        <source> (key id %1)</source>
        <translation> (Schlüssel-ID %1)</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="178"/>
        <source>Not decrypted: no offered key fits. The token needs %1%2.</source>
        <translation>Nicht entschlüsselt: Kein angebotener Schlüssel passt. Das Token braucht %1%2.</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="193"/>
        <source>Decrypted with %1 (%2%3).</source>
        <translation>Entschlüsselt mit %1 (%2%3).</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="195"/>
        <source>, key id %1</source>
        <translation>, Schlüssel-ID %1</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="196"/>
        <source>%1: decrypted</source>
        <translation>%1: entschlüsselt</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="201"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="233"/>
        <source>Unverified: the JWT is unsigned (&quot;alg&quot;:&quot;none&quot;).</source>
        <translation>Ungeprüft: Das JWT ist unsigniert („alg“:„none“).</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="234"/>
        <source>Unverified: no JWKS was given to check the %1 signature (kid %2).</source>
        <translation>Ungeprüft: Es wurde kein JWKS angegeben, um die %1-Signatur zu prüfen (kid %2).</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="235"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="236"/>
        <source>The payload is shown unverified.</source>
        <translation>Die Payload wird ungeprüft angezeigt.</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="243"/>
        <source>Signature verified with JWKS key %1 (%2, %3).</source>
        <translation>Signatur mit JWKS-Schlüssel %1 geprüft (%2, %3).</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="263"/>
        <source>The payload</source>
        <translation>Die Payload</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="280"/>
        <source>Not checked: the capture has no ZITADEL-Signature header.</source>
        <translation>Nicht geprüft: Der Mitschnitt hat keinen ZITADEL-Signature-Header.</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="281"/>
        <source>Not checked: the input has no HTTP headers (paste the whole request to check the ZITADEL-Signature).</source>
        <translation>Nicht geprüft: Die Eingabe hat keine HTTP-Header (fügen Sie die ganze Anfrage ein, um die ZITADEL-Signature zu prüfen).</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="284"/>
        <source>Not checked: no signing key was given for the ZITADEL-Signature header.</source>
        <translation>Nicht geprüft: Für den ZITADEL-Signature-Header wurde kein Signaturschlüssel angegeben.</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="291"/>
        <source>t=%1 (%2), %3 v1 signature(s)</source>
        <translation>t=%1 (%2), %3 v1-Signatur(en)</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="338"/>
        <source>The captured request has no body.</source>
        <translation>Die mitgeschnittene Anfrage hat keinen Inhalt.</translation>
    </message>
    <message>
        <location filename="../lib/inspect/inspector.cpp" line="357"/>
        <source>The body</source>
        <translation>Der Inhalt</translation>
    </message>
</context>
<context>
    <name>targetdesk::keys::BreakGlass</name>
    <message>
        <location filename="../lib/keys/breakglass.cpp" line="125"/>
        <source>listing the keys: %1</source>
        <translation>beim Auflisten der Schlüssel: %1</translation>
    </message>
    <message>
        <location filename="../lib/keys/breakglass.cpp" line="150"/>
        <source>key %1: %2</source>
        <translation>Schlüssel %1: %2</translation>
    </message>
</context>
<context>
    <name>targetdesk::keys::KeyWorkflow</name>
    <message>
        <location filename="../lib/keys/keyworkflow.cpp" line="285"/>
        <source>No vault is configured.</source>
        <translation>Es ist kein Tresor eingerichtet.</translation>
    </message>
</context>
<context>
    <name>targetdesk::profiles</name>
    <message>
        <location filename="../lib/profiles/clientfactory.cpp" line="27"/>
        <source>The profile &quot;%1&quot; has no %2; enter it in the profile</source>
        <translation>Das Profil „%1“ hat kein %2; geben Sie es im Profil ein</translation>
    </message>
    <message>
        <location filename="../lib/profiles/clientfactory.cpp" line="41"/>
        <source>The CA certificates of the profile &quot;%1&quot; cannot be read: %2</source>
        <translation>Die CA-Zertifikate des Profils „%1“ können nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location filename="../lib/profiles/clientfactory.cpp" line="45"/>
        <source>The pinned certificate fingerprint of the profile &quot;%1&quot; is not a SHA-256</source>
        <translation>Der Fingerabdruck des angehefteten Zertifikats im Profil „%1“ ist kein SHA-256</translation>
    </message>
    <message>
        <location filename="../lib/profiles/clientfactory.cpp" line="59"/>
        <location filename="../lib/profiles/profile.cpp" line="225"/>
        <location filename="../lib/profiles/profilestore.cpp" line="82"/>
        <source>personal access token</source>
        <translation>Personal Access Token</translation>
    </message>
    <message>
        <location filename="../lib/profiles/clientfactory.cpp" line="63"/>
        <location filename="../lib/profiles/profilestore.cpp" line="84"/>
        <source>service-user key file</source>
        <translation>Schlüsseldatei des Service-Users</translation>
    </message>
    <message>
        <location filename="../lib/profiles/clientfactory.cpp" line="67"/>
        <source>The key file of the profile &quot;%1&quot; cannot be used: %2</source>
        <translation>Die Schlüsseldatei des Profils „%1“ kann nicht verwendet werden: %2</translation>
    </message>
    <message>
        <location filename="../lib/profiles/clientfactory.cpp" line="74"/>
        <source>The profile &quot;%1&quot; has no client id</source>
        <translation>Das Profil „%1“ hat keine Client-ID</translation>
    </message>
    <message>
        <location filename="../lib/profiles/clientfactory.cpp" line="76"/>
        <location filename="../lib/profiles/profilestore.cpp" line="86"/>
        <source>client secret</source>
        <translation>Client-Secret</translation>
    </message>
    <message>
        <location filename="../lib/profiles/clientfactory.cpp" line="79"/>
        <source>Unknown authentication method</source>
        <translation>Unbekanntes Anmeldeverfahren</translation>
    </message>
    <message>
        <location filename="../lib/profiles/clientfactory.cpp" line="130"/>
        <location filename="../lib/profiles/profilestore.cpp" line="100"/>
        <source>There is no profile &quot;%1&quot;</source>
        <translation>Es gibt kein Profil „%1“</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profile.cpp" line="78"/>
        <source>Red</source>
        <translation>Rot</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profile.cpp" line="80"/>
        <source>Orange</source>
        <translation>Orange</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profile.cpp" line="82"/>
        <source>Yellow</source>
        <translation>Gelb</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profile.cpp" line="84"/>
        <source>Green</source>
        <translation>Grün</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profile.cpp" line="86"/>
        <source>Blue</source>
        <translation>Blau</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profile.cpp" line="88"/>
        <source>Purple</source>
        <translation>Violett</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profile.cpp" line="90"/>
        <source>Grey</source>
        <translation>Grau</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profile.cpp" line="140"/>
        <source>Personal access token</source>
        <translation>Personal Access Token</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profile.cpp" line="142"/>
        <source>Service-user key file</source>
        <translation>Schlüsseldatei eines Service-Users</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profile.cpp" line="144"/>
        <source>Client credentials</source>
        <translation>Client-Zugangsdaten</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profile.cpp" line="152"/>
        <source>The profile has no instance URL</source>
        <translation>Das Profil hat keine Instanz-URL</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profile.cpp" line="157"/>
        <source>The instance URL &quot;%1&quot; is not an https:// address with a host name</source>
        <translation>Die Instanz-URL „%1“ ist keine https://-Adresse mit Hostnamen</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profile.cpp" line="162"/>
        <source>The instance URL must not contain a user name or password; the credentials belong to the profile&apos;s authentication method</source>
        <translation>Die Instanz-URL darf keinen Benutzernamen und kein Passwort enthalten; die Zugangsdaten gehören zum Anmeldeverfahren des Profils</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profile.cpp" line="167"/>
        <source>Refusing plain http to %1: the credentials would travel unencrypted. Use https, or tick &quot;insecure&quot; on the profile to allow it explicitly.</source>
        <translation>Reines http zu %1 abgelehnt: Die Zugangsdaten würden unverschlüsselt übertragen. Verwenden Sie https, oder erlauben Sie es ausdrücklich mit „unsicher“ im Profil.</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profile.cpp" line="189"/>
        <source>Sandbox</source>
        <translation>Sandbox</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profile.cpp" line="227"/>
        <source>service user %1 (key %2)</source>
        <translation>Service-User %1 (Schlüssel %2)</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profile.cpp" line="229"/>
        <source>client %1</source>
        <translation>Client %1</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profilesecrets.cpp" line="122"/>
        <source>The keychain entry of the profile is damaged; enter the secret again</source>
        <translation>Der Schlüsselbund-Eintrag des Profils ist beschädigt; geben Sie das Geheimnis erneut ein</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profilestore.cpp" line="94"/>
        <source>The keychain holds no %1 for the profile &quot;%2&quot;; enter it in the profile</source>
        <translation>Der Schlüsselbund enthält kein %1 für das Profil „%2“; geben Sie es im Profil ein</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profilestore.cpp" line="105"/>
        <source>The built-in sandbox profile cannot be changed or removed</source>
        <translation>Das eingebaute Sandbox-Profil kann nicht geändert oder entfernt werden</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profilestore.cpp" line="159"/>
        <source>The instance URL or TLS settings (CA certificates, pinned certificate, insecure http) of the profile &quot;%1&quot; are not the ones its secret was stored with: the profiles file was changed outside Targetdesk. The secret is not sent. Check the profile&apos;s URL and TLS settings, then enter its secret again to confirm them.</source>
        <translation>Die Instanz-URL oder die TLS-Einstellungen (CA-Zertifikate, angeheftetes Zertifikat, unsicheres http) des Profils „%1“ sind nicht die, mit denen sein Geheimnis gespeichert wurde: Die Profildatei wurde außerhalb von Targetdesk geändert. Das Geheimnis wird nicht gesendet. Prüfen Sie URL und TLS-Einstellungen des Profils und geben Sie dann sein Geheimnis erneut ein, um sie zu bestätigen.</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profilestore.cpp" line="232"/>
        <source>Cannot read or write the profiles file %1</source>
        <translation>Die Profildatei %1 kann nicht gelesen oder geschrieben werden</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profilestore.cpp" line="234"/>
        <source>The profiles file %1 is damaged; move it away to start afresh (the secrets stay in the keychain)</source>
        <translation>Die Profildatei %1 ist beschädigt; verschieben Sie sie, um neu zu beginnen (die Geheimnisse bleiben im Schlüsselbund)</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profilestore.cpp" line="345"/>
        <source>Cannot write the profiles file %1</source>
        <translation>Die Profildatei %1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profilestore.cpp" line="349"/>
        <source>Cannot flush the directory of the profiles file %1: %2</source>
        <translation>Der Ordner der Profildatei %1 kann nicht auf den Datenträger geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profilestore.cpp" line="393"/>
        <source>A profile needs a name</source>
        <translation>Ein Profil braucht einen Namen</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profilestore.cpp" line="397"/>
        <source>&quot;%1&quot; is the name of the built-in sandbox profile</source>
        <translation>„%1“ ist der Name des eingebauten Sandbox-Profils</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profilestore.cpp" line="401"/>
        <source>There is already a profile named &quot;%1&quot;</source>
        <translation>Es gibt bereits ein Profil namens „%1“</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profilestore.cpp" line="411"/>
        <source>The profile&apos;s CA certificates cannot be read: %1</source>
        <translation>Die CA-Zertifikate des Profils können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profilestore.cpp" line="415"/>
        <source>A pinned certificate fingerprint is a SHA-256 (32 bytes)</source>
        <translation>Ein Fingerabdruck für ein angeheftetes Zertifikat ist ein SHA-256 (32 Bytes)</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profilestore.cpp" line="495"/>
        <source>There is already a profile with the id %1</source>
        <translation>Es gibt bereits ein Profil mit der ID %1</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profilestore.cpp" line="612"/>
        <source>too large to be a service-user key file</source>
        <translation>zu groß für eine Schlüsseldatei eines Service-Users</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profilestore.cpp" line="615"/>
        <source>Cannot read the key file %1: %2</source>
        <translation>Die Schlüsseldatei %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profilestore.cpp" line="629"/>
        <source>The sandbox profile has no stored secret; the running sandbox issues one</source>
        <translation>Das Sandbox-Profil hat kein gespeichertes Geheimnis; die laufende Sandbox stellt eines aus</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profilestore.cpp" line="666"/>
        <source>%1 (copy)</source>
        <translation>%1 (Kopie)</translation>
    </message>
    <message>
        <location filename="../lib/profiles/profilestore.cpp" line="668"/>
        <source>%1 (copy %2)</source>
        <translation>%1 (Kopie %2)</translation>
    </message>
</context>
<context>
    <name>targetdesk::vault</name>
    <message>
        <location filename="../lib/vault/auditlog.cpp" line="201"/>
        <source>Cannot rotate the audit log %1: %2</source>
        <translation>Das Audit-Log %1 kann nicht rotiert werden: %2</translation>
    </message>
    <message>
        <location filename="../lib/vault/auditlog.cpp" line="210"/>
        <source>Cannot open the audit log %1: %2</source>
        <translation>Das Audit-Log %1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <location filename="../lib/vault/auditlog.cpp" line="229"/>
        <source>Cannot write the audit log %1: %2</source>
        <translation>Das Audit-Log %1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../lib/vault/auditlog.cpp" line="231"/>
        <source>short write</source>
        <translation>unvollständig geschrieben</translation>
    </message>
    <message>
        <location filename="../lib/vault/auditlog.cpp" line="249"/>
        <source>Cannot read the audit log %1: %2</source>
        <translation>Das Audit-Log %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location filename="../lib/vault/keychain.cpp" line="27"/>
        <source>The keychain holds no secret &quot;%1&quot;</source>
        <translation>Der Schlüsselbund enthält kein Geheimnis „%1“</translation>
    </message>
    <message>
        <location filename="../lib/vault/keychain.cpp" line="30"/>
        <source>The keychain refused access: %1</source>
        <translation>Der Schlüsselbund hat den Zugriff verweigert: %1</translation>
    </message>
    <message>
        <location filename="../lib/vault/keychain.cpp" line="33"/>
        <source>No keychain is available: %1</source>
        <translation>Kein Schlüsselbund verfügbar: %1</translation>
    </message>
    <message>
        <location filename="../lib/vault/keychain.cpp" line="42"/>
        <source>No keychain is available (%1); on Linux a Secret Service such as GNOME Keyring or KWallet must run in the session</source>
        <translation>Kein Schlüsselbund verfügbar (%1); unter Linux muss in der Sitzung ein Secret Service wie GNOME Keyring oder KWallet laufen</translation>
    </message>
    <message>
        <location filename="../lib/vault/keychain.cpp" line="46"/>
        <source>The keychain failed: %1</source>
        <translation>Der Schlüsselbund ist fehlgeschlagen: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../lib/vault/keychain.cpp" line="112"/>
        <source>The keychain did not answer within %n s; it may be locked and waiting for its password. Unlock it (or answer its prompt) and try again.</source>
        <translation>
            <numerusform>Der Schlüsselbund hat nicht innerhalb von %n s geantwortet; er ist vielleicht gesperrt und wartet auf sein Passwort. Entsperren Sie ihn (oder beantworten Sie seine Abfrage) und versuchen Sie es erneut.</numerusform>
            <numerusform>Der Schlüsselbund hat nicht innerhalb von %n s geantwortet; er ist vielleicht gesperrt und wartet auf sein Passwort. Entsperren Sie ihn (oder beantworten Sie seine Abfrage) und versuchen Sie es erneut.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../lib/vault/securefile.cpp" line="36"/>
        <source>Cannot %1 %2: %3</source>
        <translation>%1 von %2 nicht möglich: %3</translation>
    </message>
    <message>
        <location filename="../lib/vault/securefile.cpp" line="63"/>
        <source>%1 already exists</source>
        <translation>%1 gibt es bereits</translation>
    </message>
    <message>
        <location filename="../lib/vault/securefile.cpp" line="65"/>
        <source>create</source>
        <translation>Erstellen</translation>
    </message>
    <message>
        <location filename="../lib/vault/securefile.cpp" line="74"/>
        <source>write</source>
        <translation>Schreiben</translation>
    </message>
    <message>
        <location filename="../lib/vault/securefile.cpp" line="92"/>
        <source>No file name given</source>
        <translation>Kein Dateiname angegeben</translation>
    </message>
    <message>
        <location filename="../lib/vault/securefile.cpp" line="100"/>
        <source>%1 is a directory</source>
        <translation>%1 ist ein Verzeichnis</translation>
    </message>
    <message>
        <location filename="../lib/vault/securefile.cpp" line="112"/>
        <source>replace</source>
        <translation>Ersetzen</translation>
    </message>
    <message>
        <location filename="../lib/vault/securefile.cpp" line="83"/>
        <source>flush the directory of</source>
        <translation>Synchronisieren des Verzeichnisses</translation>
    </message>
    <message>
        <location filename="../lib/vault/securefile.cpp" line="123"/>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location filename="../lib/vault/securefile.cpp" line="126"/>
        <location filename="../lib/vault/securefile.cpp" line="133"/>
        <source>%1 is larger than %2 bytes; not a key file</source>
        <translation>%1 ist größer als %2 Bytes; keine Schlüsseldatei</translation>
    </message>
    <message>
        <location filename="../lib/vault/securefile.cpp" line="147"/>
        <source>Cannot create the directory %1</source>
        <translation>Das Verzeichnis %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <location filename="../lib/vault/vault.cpp" line="83"/>
        <source>Cannot read the vault index %1: %2</source>
        <translation>Der Tresorindex %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location filename="../lib/vault/vault.cpp" line="91"/>
        <source>The vault index %1 is damaged; move it away to start a new one (the keys stay in the keychain)</source>
        <translation>Der Tresorindex %1 ist beschädigt; verschieben Sie ihn, um einen neuen zu beginnen (die Schlüssel bleiben im Schlüsselbund)</translation>
    </message>
    <message>
        <location filename="../lib/vault/vault.cpp" line="207"/>
        <source>The vault is busy (another Targetdesk or targetdesk-cli is changing it); try again.</source>
        <translation>Der Tresor ist belegt (ein anderes Targetdesk oder targetdesk-cli ändert ihn gerade); versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location filename="../lib/vault/vault.cpp" line="255"/>
        <source>Cannot lock the vault index %1 (lock file %2)</source>
        <translation>Der Tresorindex %1 kann nicht gesperrt werden (Sperrdatei %2)</translation>
    </message>
    <message>
        <location filename="../lib/vault/vault.cpp" line="293"/>
        <source>The private key with fingerprint %1 is being removed from the vault</source>
        <translation>Der private Schlüssel mit dem Fingerabdruck %1 wird gerade aus dem Tresor entfernt</translation>
    </message>
    <message>
        <location filename="../lib/vault/vault.cpp" line="309"/>
        <source>The vault holds no private key with fingerprint %1</source>
        <translation>Der Tresor enthält keinen privaten Schlüssel mit dem Fingerabdruck %1</translation>
    </message>
    <message>
        <location filename="../lib/vault/vault.cpp" line="363"/>
        <source>The keychain holds no private key with fingerprint %1</source>
        <translation>Der Schlüsselbund enthält keinen privaten Schlüssel mit dem Fingerabdruck %1</translation>
    </message>
    <message>
        <location filename="../lib/vault/vault.cpp" line="421"/>
        <source>No private key to store</source>
        <translation>Kein privater Schlüssel zum Speichern</translation>
    </message>
    <message>
        <location filename="../lib/vault/vault.cpp" line="425"/>
        <source>The private key (fingerprint %1) does not belong to the public key %2</source>
        <translation>Der private Schlüssel (Fingerabdruck %1) gehört nicht zum öffentlichen Schlüssel %2</translation>
    </message>
    <message>
        <location filename="../lib/vault/vault.cpp" line="465"/>
        <source>The private key %1 is being removed from the vault right now; store it again once that is done</source>
        <translation>Der private Schlüssel %1 wird gerade aus dem Tresor entfernt; speichern Sie ihn erneut, wenn das abgeschlossen ist</translation>
    </message>
    <message>
        <location filename="../lib/vault/vault.cpp" line="490"/>
        <source>No fingerprint given</source>
        <translation>Kein Fingerabdruck angegeben</translation>
    </message>
    <message>
        <location filename="../lib/vault/vault.cpp" line="509"/>
        <source>The keychain entry for %1 is not a usable private key: %2</source>
        <translation>Der Schlüsselbund-Eintrag für %1 ist kein verwendbarer privater Schlüssel: %2</translation>
    </message>
    <message>
        <location filename="../lib/vault/vault.cpp" line="518"/>
        <source>The keychain entry for %1 holds a different key (%2)</source>
        <translation>Der Schlüsselbund-Eintrag für %1 enthält einen anderen Schlüssel (%2)</translation>
    </message>
    <message>
        <location filename="../lib/vault/vault.cpp" line="532"/>
        <source>An exported private key needs a passphrase; it is never exported in clear</source>
        <translation>Ein exportierter privater Schlüssel braucht eine Passphrase; er wird nie im Klartext exportiert</translation>
    </message>
    <message>
        <location filename="../lib/vault/vault.cpp" line="650"/>
        <source>The vault holds no key %1 for this instance and target</source>
        <translation>Der Tresor enthält keinen Schlüssel %1 für diese Instanz und dieses Ziel</translation>
    </message>
</context>
</TS>
