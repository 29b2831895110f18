/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What "qemu_ras vmstate" found for base QEMU (qemu/BASE, no patch of the
 * series): -machine virt -accel kvm -cpu host -dump-vmstate, the devices
 * sorted by name, hashed with 64-bit FNV-1a. Written by
 * scripts/vmstate-base.sh.
 */
#define VMSTATE_BASE_BYTES	2003164
#define VMSTATE_BASE_DEVICES	673
#define VMSTATE_BASE_FNV	0xf7230c86a83b7daaULL
