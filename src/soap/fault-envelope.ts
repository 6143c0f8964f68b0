import { escapeXml } from '../platform/xml/xml-writer';
import { SOAP11_NS } from './envelope';

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
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="${SOAP11_NS}"><soapenv:Body><soapenv:Fault>` +
    `<faultcode>soapenv:${fault.faultcode}</faultcode>` +
    `<faultstring>${escapeXml(fault.faultstring)}</faultstring>` +
    detail +
    '</soapenv:Fault></soapenv:Body></soapenv:Envelope>'
  );
}
