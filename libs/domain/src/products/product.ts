/**
 * A consumer supplier's product: what is being paired. Medical device status matters to NHS
 * England (SCAL) and to the clinical safety file; UK MDR 2002 classes, plus the honest answers
 * "not a medical device" and "not yet determined".
 */
export const MEDICAL_DEVICE_STATUSES = ['not_a_medical_device', 'undetermined', 'class_i', 'class_iia', 'class_iib', 'class_iii'] as const;
export type MedicalDeviceStatus = (typeof MEDICAL_DEVICE_STATUSES)[number];

export const MEDICAL_DEVICE_STATUS_LABELS: Record<MedicalDeviceStatus, string> = {
  not_a_medical_device: 'Not a medical device',
  undetermined: 'Not yet determined',
  class_i: 'Medical device, class I',
  class_iia: 'Medical device, class IIa',
  class_iib: 'Medical device, class IIb',
  class_iii: 'Medical device, class III',
};
