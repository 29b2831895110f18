// SPDX-License-Identifier: GPL-2.0
/*
 * Sizes of the KVM structures the series may grow, for make bench. Never
 * linked: scripts/kvm-sizes.sh compiles it to assembly with the kernel's
 * flags and reads the "->NAME VALUE" markers, as asm-offsets does.
 */
#include <linux/kbuild.h>
#include <linux/kvm_host.h>

int main(void);

int main(void)
{
	DEFINE(kvm_vcpu, sizeof(struct kvm_vcpu));
	DEFINE(kvm, sizeof(struct kvm));
	DEFINE(kvm_vcpu_arch, sizeof(struct kvm_vcpu_arch));
	DEFINE(kvm_arch, sizeof(struct kvm_arch));
	return 0;
}
