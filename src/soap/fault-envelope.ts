import { escapeXml } from '../platform/xml/xml-writer';
import { SOAP11_NS, SOAP12_NS } from './envelope';

export type FaultCode = 'Client' | 'Server' | 'VersionMismatch' | 'MustUnderstand';

export interface SoapFault {
  faultcode: FaultCode;
  faultstring: string;
  /** The detail entry, already serialised (its element carries its own namespace). */
  detailXml?: string;
}

/**
 * A SOAP 1.1 fault envelope (SOAP 1.1 section 4.4): faultcode, faultstring, detail, unqualified.
 * A VersionMismatch fault names, in the SOAP 1.2 Upgrade header (SOAP 1.2 part 1, 5.4.7 and
 * appendix A), the one envelope the gateway speaks, so a SOAP 1.2 client can tell why.
 */
export function soapFaultEnvelope(fault: SoapFault): string {
  const detail = fault.detailXml ? `<detail>${fault.detailXml}</detail>` : '';
  const header = fault.faultcode === 'VersionMismatch' ? UPGRADE_HEADER : '';
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="${SOAP11_NS}">${header}<soapenv:Body><soapenv:Fault>` +
    `<faultcode>soapenv:${fault.faultcode}</faultcode>` +
    `<faultstring>${escapeXml(fault.faultstring)}</faultstring>` +
    detail +
    '</soapenv:Fault></soapenv:Body></soapenv:Envelope>'
  );
}

const UPGRADE_HEADER =
  '<soapenv:Header>' +
  `<upg:Upgrade xmlns:upg="${SOAP12_NS}"><upg:SupportedEnvelope qname="soap11:Envelope" xmlns:soap11="${SOAP11_NS}"/></upg:Upgrade>` +
  '</soapenv:Header>';
