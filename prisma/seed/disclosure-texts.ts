// Demo disclosure texts (version 1). Plain language, the risk first. Compliance publishes real ones.

export const THIRD_PARTY_DISCLOSURE = {
  de: {
    title: 'Risiken der Videoberatung über Vidario',
    body: `Vidario ist ein Dienst eines fremden Anbieters mit Sitz in den USA. Wir haben keinen Einfluss darauf, wie dieser Anbieter Ihre Daten verarbeitet.

Das sind die Risiken:
- Über ungesicherte Verbindungen können Dritte Ihre Daten abfangen, speichern oder verändern.
- Der Anbieter kann Ihre Kontaktdaten und die Inhalte des Gesprächs außerhalb der EU verarbeiten, zum Beispiel in den USA.
- Der Anbieter kann Ihre Daten auch für eigene Zwecke nutzen, etwa für Werbung.
- Dort gilt das deutsche und europäische Datenschutzrecht nicht. Ihre Rechte lassen sich dort unter Umständen nicht durchsetzen.

Im Gespräch geht es um Ihre Sozialdaten, möglicherweise auch um Gesundheitsdaten. Wir übertragen sie nur, wenn Sie ausdrücklich einwilligen.

Sie müssen nicht einwilligen. Ohne Einwilligung beraten wir Sie genauso gut am Telefon, zur selben Zeit. Ihnen entsteht kein Nachteil.

Eine Aufzeichnung gibt es nur, wenn Sie ihr gesondert zustimmen.

Sie können Ihre Einwilligung jederzeit widerrufen, auch während des Gesprächs: mit einem Klick auf „Einwilligung widerrufen“ auf der Seite dieses Termins. Der Widerruf gilt ab diesem Zeitpunkt.`,
  },
  en: {
    title: 'Risks of a video consultation over Vidario',
    body: `Vidario is a service of another company, based in the USA. We have no control over how this company processes your data.

These are the risks:
- On unsecured connections, others can intercept, store or alter your data.
- The company may process your contact details and the content of the conversation outside the EU, for example in the USA.
- The company may also use your data for its own purposes, such as advertising.
- German and European data protection law does not apply there. You may not be able to enforce your rights there.

The conversation is about your social data, possibly also health data. We only transmit it if you explicitly consent.

You do not have to consent. Without consent we advise you just as well by phone, at the same time. You will not be at any disadvantage.

The call is only recorded if you agree to that separately.

You can withdraw your consent at any time, also during the call: click "Withdraw consent" on the page of this appointment. The withdrawal applies from that moment on.`,
  },
};

export const SELF_HOSTED_DISCLOSURE = {
  de: {
    title: 'Videoberatung über den Videodienst der Kasse',
    body: `Der Videodienst wird von uns selbst in Rechenzentren in Deutschland betrieben. Die Verbindung ist Ende-zu-Ende-verschlüsselt: Nur Sie und Ihre Beraterin oder Ihr Berater können das Gespräch sehen und hören.

Das bleibt als Risiko:
- Wer Ihr Gerät oder Ihren Raum mitnutzt, kann das Gespräch mitbekommen.
- Eine sichere Verbindung schützt nicht vor Schadsoftware auf Ihrem Gerät.

Im Gespräch geht es um Ihre Sozialdaten, möglicherweise auch um Gesundheitsdaten. Wir übertragen sie nur, wenn Sie ausdrücklich einwilligen.

Sie müssen nicht einwilligen. Ohne Einwilligung beraten wir Sie genauso gut am Telefon, zur selben Zeit. Ihnen entsteht kein Nachteil.

Eine Aufzeichnung gibt es nur, wenn Sie ihr gesondert zustimmen.

Sie können Ihre Einwilligung jederzeit widerrufen, auch während des Gesprächs: mit einem Klick auf „Einwilligung widerrufen“ auf der Seite dieses Termins.`,
  },
  en: {
    title: "Video consultation over the insurer's own video service",
    body: `We run the video service ourselves, in data centres in Germany. The connection is end-to-end encrypted: only you and your advisor can see and hear the conversation.

The remaining risks:
- Anyone who shares your device or your room may overhear the conversation.
- A secure connection does not protect against malware on your device.

The conversation is about your social data, possibly also health data. We only transmit it if you explicitly consent.

You do not have to consent. Without consent we advise you just as well by phone, at the same time. You will not be at any disadvantage.

The call is only recorded if you agree to that separately.

You can withdraw your consent at any time, also during the call: click "Withdraw consent" on the page of this appointment.`,
  },
};
