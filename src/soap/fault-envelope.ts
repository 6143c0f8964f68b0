import { escapeXml } from '../platform/xml/xml-writer';
import { SOAP11_NS, SOAP12_NS } from './envelope';

export type FaultCode = 'Client' | 'Server' | 'VersionMismatch' | 'MustUnderstand';

export interface SoapFault {
  faultcode: FaultCode;
  faultstring: string;
  /** The detail entry, already serialised (its element carries its own namespace). */
  detailXml?: string;
}

/** A SOAP 1.1 fault envelope (SOAP 1.1 section 4.4): faultcode, faultstring, detail, unqualified. */
export function soapFaultEnvelope(fault: SoapFault): string {
  const detail = fault.detailXml ? `<detail>${fault.detailXml}</detail>` : '';
  const header = fault.faultcode === 'VersionMismatch' ? upgradeHeader('soapenv') : '';
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="${SOAP11_NS}">${header}<soapenv:Body><soapenv:Fault>` +
    `<faultcode>soapenv:${fault.faultcode}</faultcode>` +
    `<faultstring>${escapeXml(fault.faultstring)}</faultstring>` +
    detail +
    '</soapenv:Fault></soapenv:Body></soapenv:Envelope>'
  );
}

/**
 * The same fault in a SOAP 1.2 envelope, for the one case where the caller spoke SOAP 1.2 (a
 * VersionMismatch): a SOAP 1.2 stack cannot read a 1.1 envelope, so it would report a content
 * type or parse error instead of the reason. Client and Server become Sender and Receiver.
 */
export function soap12FaultEnvelope(fault: SoapFault): string {
  const code = SOAP12_CODES[fault.faultcode];
  const detail = fault.detailXml ? `<env:Detail>${fault.detailXml}</env:Detail>` : '';
  const header = fault.faultcode === 'VersionMismatch' ? upgradeHeader('env') : '';
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<env:Envelope xmlns:env="${SOAP12_NS}">${header}<env:Body><env:Fault>` +
    `<env:Code><env:Value>env:${code}</env:Value></env:Code>` +
    `<env:Reason><env:Text xml:lang="en">${escapeXml(fault.faultstring)}</env:Text></env:Reason>` +
    detail +
    '</env:Fault></env:Body></env:Envelope>'
  );
}

const SOAP12_CODES: Record<FaultCode, string> = {
  Client: 'Sender',
  Server: 'Receiver',
  VersionMismatch: 'VersionMismatch',
  MustUnderstand: 'MustUnderstand',
};

/**
 * SOAP 1.2 part 1, 5.4.7 and appendix A: a VersionMismatch fault names in the Upgrade header
 * the envelopes the node does speak (here only SOAP 1.1), so the sender can tell why.
 */
function upgradeHeader(prefix: string): string {
  return (
    `<${prefix}:Header>` +
    `<upg:Upgrade xmlns:upg="${SOAP12_NS}"><upg:SupportedEnvelope qname="soap11:Envelope" xmlns:soap11="${SOAP11_NS}"/></upg:Upgrade>` +
    `</${prefix}:Header>`
  );
}
