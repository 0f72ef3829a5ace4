/** Qualification: the offence picker the report workspace embeds (value / onChange of OffenceRef). */
export { OffencePickerContainer, type OffencePickerContainerProps } from './OffencePickerContainer';
export { OffencePicker, type OffencePickerProps } from './OffencePicker';
export { createQualificationStore, pickerOptions, type QualificationStore, type QualificationState } from './store';
